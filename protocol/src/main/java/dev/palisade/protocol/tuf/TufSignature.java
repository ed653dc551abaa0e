package dev.palisade.protocol.tuf;

import java.util.Map;

/**
 * One entry of a metadata file's {@code signatures}. The key id is kept as written: a signature under a key id this
 * client does not know, however it is spelled, is simply not counted.
 *
 * @param keyId the {@code keyid} of the key said to have signed
 * @param signatureHex the {@code sig}, hex-encoded
 */
public record TufSignature(String keyId, String signatureHex) {

    /** The entry as it appears in metadata. */
    public Map<String, Object> toJson() {
        return Map.of("keyid", keyId, "sig", signatureHex);
    }
}
