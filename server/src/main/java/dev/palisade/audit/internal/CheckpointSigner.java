package dev.palisade.audit.internal;

import dev.palisade.audit.AuditLogIdentity;
import dev.palisade.keys.FastCrypto;
import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.protocol.note.Checkpoint;
import dev.palisade.protocol.note.NoteSigner;
import dev.palisade.shared.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Signs checkpoints of the tenants' logs with the installation's audit key (Ed25519, in key custody) in the C2SP
 * signed-note format.
 */
@Component
public class CheckpointSigner {

    private final AuditLogIdentity identity;
    private final NoteSigner signer;
    private final String verifierKey;

    CheckpointSigner(KeyCustody custody, AuditLogIdentity identity) {
        SigningKey key = custody.getOrCreate(AuditLogIdentity.CHECKPOINT_KEY, KeyAlgorithm.ED25519);
        this.identity = identity;
        this.signer =
                new NoteSigner(identity.keyName(), key.publicKey(), key::sign).checkingThrough(FastCrypto.edProvider());
        this.verifierKey = identity.verifierKey(key.publicKey());
    }

    /** Returns the signed-note text of the checkpoint of {@code tenant}'s log at {@code treeSize}. */
    public String sign(TenantId tenant, long treeSize, byte[] rootHash) {
        var checkpoint = new Checkpoint(identity.origin(tenant), treeSize, rootHash, List.of());
        return signer.sign(checkpoint.body()).format();
    }

    /** The verifier key (C2SP vkey) with which anyone can check this installation's checkpoints. */
    public String verifierKey() {
        return verifierKey;
    }
}
