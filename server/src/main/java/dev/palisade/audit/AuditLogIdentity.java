package dev.palisade.audit;

import dev.palisade.keys.KeyAlias;
import dev.palisade.protocol.note.NoteKeys;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.Installation;
import java.security.PublicKey;

/**
 * Names of an installation's audit logs. Each tenant's log has its own checkpoint origin, {@code
 * <installation>/audit/<tenant>}, so that a checkpoint of one tenant's log can never pass for another's; one key,
 * named {@code <installation>/audit} and kept in custody under {@link #CHECKPOINT_KEY}, signs them all.
 */
public record AuditLogIdentity(Installation installation) {

    /** The custody alias of the Ed25519 key that signs audit checkpoints. */
    public static final KeyAlias CHECKPOINT_KEY = KeyAlias.of("audit-checkpoint");

    public String keyName() {
        return "palisade/" + installation.id() + "/audit";
    }

    public String origin(TenantId tenant) {
        return keyName() + "/" + tenant;
    }

    /** The C2SP verifier key for checkpoints signed with {@code checkpointKey}. */
    public String verifierKey(PublicKey checkpointKey) {
        return NoteKeys.verifierKey(keyName(), checkpointKey);
    }
}
