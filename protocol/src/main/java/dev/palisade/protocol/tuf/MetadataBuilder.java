package dev.palisade.protocol.tuf;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Produces signed metadata files on the repository side: the canonical JSON of the {@code signed} object is signed by
 * each {@link MetadataSigner}, and the file is {@code {"signatures": [...], "signed": {...}}} written compact with
 * sorted members ({@link TufCanonicalJson#toFileBytes(Object)}), which every TUF client reads.
 */
public final class MetadataBuilder {

    private MetadataBuilder() {}

    /** The metadata file for {@code role}, signed by every one of {@code signers}. */
    public static byte[] sign(RoleMetadata role, List<? extends MetadataSigner> signers) {
        return sign(role.toJson(), signers);
    }

    /**
     * The metadata file for a {@code signed} object given as JSON values, for callers that carry members this package
     * does not model. Values are those {@link TufCanonicalJson} accepts.
     */
    public static byte[] sign(Map<String, Object> signed, List<? extends MetadataSigner> signers) {
        byte[] canonical = TufCanonicalJson.toBytes(signed);
        List<Map<String, Object>> signatures = signers.stream()
                .map(signer -> new TufSignature(
                                signer.keyId().hex(), HexFormat.of().formatHex(signer.sign(canonical)))
                        .toJson())
                .toList();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("signatures", signatures);
        envelope.put("signed", signed);
        return TufCanonicalJson.toFileBytes(envelope);
    }
}
