/**
 * The Update Framework (TUF 1.0) on the wire: the metadata of the root, targets (with delegations), snapshot and
 * timestamp roles in the JSON format of the specification and of python-tuf / tuf-js, its OLPC canonical form, keys
 * and threshold signatures, a repository-side {@link dev.palisade.protocol.tuf.MetadataBuilder} that signs metadata
 * through {@link dev.palisade.protocol.tuf.MetadataSigner}s, and a client ({@link dev.palisade.protocol.tuf.TufUpdater})
 * that follows the specification's detailed client workflow. Every refusal is a value carrying a
 * {@link dev.palisade.protocol.tuf.RefusalReason}; transport and storage are behind
 * {@link dev.palisade.protocol.tuf.RepositoryFetcher} and {@link dev.palisade.protocol.tuf.TrustedMetadataStore}.
 */
@NullMarked
package dev.palisade.protocol.tuf;

import org.jspecify.annotations.NullMarked;
