package dev.palisade.ota;

import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.MetadataBuilder;
import dev.palisade.protocol.tuf.RoleKeys;
import dev.palisade.protocol.tuf.RoleType;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.protocol.tuf.SpecVersion;
import dev.palisade.protocol.tuf.TufKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The offline root ceremony done in memory: root keys made here, the online keys read from the server's answer. */
final class TufTestCeremony {

    static SoftwareMetadataSigner rootKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return SoftwareMetadataSigner.of(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SoftwareMetadataSigner> rootKeys(int count) {
        List<SoftwareMetadataSigner> keys = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            keys.add(rootKey());
        }
        return keys;
    }

    /** The key the server answers for {@code role}: its pending one if there is one, else its active one. */
    static TufKey onlineKey(JsonNode keysAnswer, String role) {
        TufKey found = null;
        for (JsonNode key : keysAnswer.path("keys")) {
            if (key.path("role").asString().equals(role)) {
                boolean pending = key.path("state").asString().equals("pending");
                if (found == null || pending) {
                    found = TufKey.fromJson(json(key.path("key")));
                }
            }
        }
        if (found == null) {
            throw new IllegalStateException("the server named no " + role + " key");
        }
        return found;
    }

    static Root root(long version, List<SoftwareMetadataSigner> rootKeys, int threshold, JsonNode keysAnswer) {
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        rootKeys.forEach(key -> keys.put(key.keyId(), key.publicKey()));
        roles.put(
                RoleType.ROOT,
                new RoleKeys(
                        rootKeys.stream().map(SoftwareMetadataSigner::keyId).toList(), threshold));
        for (RoleType role : List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
            TufKey key = onlineKey(keysAnswer, role.roleName());
            keys.put(key.keyId(), key);
            roles.put(role, new RoleKeys(List.of(key.keyId()), 1));
        }
        return new Root(
                SpecVersion.CURRENT,
                version,
                Clock.systemUTC().instant().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                true,
                keys,
                roles);
    }

    static String sign(Root root, List<SoftwareMetadataSigner> signers) {
        return new String(MetadataBuilder.sign(root, signers), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(JsonNode node) {
        return dev.palisade.support.TestApi.JSON.convertValue(node, Map.class);
    }

    private TufTestCeremony() {}
}
