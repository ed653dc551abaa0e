/**
 * Merkle tree hashing and proofs as RFC 9162 (Certificate Transparency 2.0) defines them: leaf and interior
 * node hashes, inclusion proofs and consistency proofs, and their verification.
 */
@NullMarked
package dev.palisade.protocol.merkle;

import org.jspecify.annotations.NullMarked;
