/**
 * The tamper-evident audit log. Every change appends a record in the same transaction as the change; records are the
 * leaves of one append-only Merkle tree per tenant (RFC 9162 hashing), and every append signs a checkpoint of the tree
 * with a key in custody (C2SP signed-note format). Inclusion and consistency proofs let anyone holding a checkpoint
 * check a record or a later checkpoint; {@link dev.palisade.audit.AuditVerifier} recomputes a log from the database
 * and names the first record that was edited, deleted or inserted out of order.
 */
@NullMarked
package dev.palisade.audit;

import org.jspecify.annotations.NullMarked;
