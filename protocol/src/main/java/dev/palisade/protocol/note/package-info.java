/**
 * Signed notes and transparency log checkpoints in the formats of C2SP signed-note and tlog-checkpoint, the formats
 * that Go's sumdb/note, Sigstore and transparency-dev witnesses read. Only Ed25519 keys (signature type 0x01) are
 * supported; the private key never enters this package, which signs through a {@link dev.palisade.protocol.note.Signer}.
 */
@NullMarked
package dev.palisade.protocol.note;

import org.jspecify.annotations.NullMarked;
