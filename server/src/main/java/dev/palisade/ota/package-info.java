/**
 * Over-the-air updates, first part: artifacts uploaded as streams into a content-addressed blob store under the data
 * directory (SHA-256 and length recorded, identical content stored once, the bytes durable before their row), releases
 * that bind an artifact to a model, hardware revision, version, update tier and security version (an anti-rollback
 * floor that publishing never lowers), and what devices download, byte-accounted per device. Publishing a release emits
 * {@link dev.palisade.ota.ReleasePublished} in the same transaction as its audit record: the seam where TUF targets
 * metadata is signed per tier.
 */
@NullMarked
package dev.palisade.ota;

import org.jspecify.annotations.NullMarked;
