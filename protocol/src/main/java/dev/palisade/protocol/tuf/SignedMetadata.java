package dev.palisade.protocol.tuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A metadata file as received: the parsed role, the {@code signed} object exactly as sent (unknown members included)
 * and its signatures. Signatures are checked over the canonical bytes of that object, never over a re-serialisation of
 * the parsed role, so that members this client does not know stay covered by the signature.
 *
 * @param <T> the role type
 */
public final class SignedMetadata<T extends RoleMetadata> {

    private final T role;
    private final byte[] canonicalSigned;
    private final List<TufSignature> signatures;
    private final byte[] bytes;

    private SignedMetadata(T role, byte[] canonicalSigned, List<TufSignature> signatures, byte[] bytes) {
        this.role = role;
        this.canonicalSigned = canonicalSigned;
        this.signatures = List.copyOf(signatures);
        this.bytes = bytes.clone();
    }

    /**
     * Parses a metadata file of the given role type without checking any signature; {@link IllegalArgumentException}
     * names the {@link RefusalReason} when the bytes are not well-formed metadata of that type.
     */
    public static <T extends RoleMetadata> SignedMetadata<T> parse(byte[] bytes, Class<T> type) {
        try {
            return read(bytes, Long.MAX_VALUE, type);
        } catch (TufException e) {
            throw new IllegalArgumentException(e.reason() + ": " + e.detail(), e);
        }
    }

    static <T extends RoleMetadata> SignedMetadata<T> read(byte[] bytes, long maxLength, Class<T> type) {
        Fields envelope = Fields.of(MetadataJson.parse(bytes, maxLength), "metadata");
        Fields signed = envelope.fields("signed");
        List<TufSignature> signatures = new ArrayList<>();
        List<Object> entries = envelope.list("signatures");
        for (int k = 0; k < entries.size(); k++) {
            Fields entry = Fields.of(entries.get(k), "signatures[" + k + "]");
            signatures.add(new TufSignature(entry.string("keyid"), entry.string("sig")));
        }
        Function<Fields, ? extends RoleMetadata> reader = readerFor(type);
        RoleMetadata role;
        try {
            role = reader.apply(signed);
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(e.getMessage());
        }
        return new SignedMetadata<>(type.cast(role), TufCanonicalJson.toBytes(signed.json()), signatures, bytes);
    }

    private static Function<Fields, ? extends RoleMetadata> readerFor(Class<? extends RoleMetadata> type) {
        if (type == Root.class) {
            return Root::fromJson;
        } else if (type == Timestamp.class) {
            return Timestamp::fromJson;
        } else if (type == Snapshot.class) {
            return Snapshot::fromJson;
        } else if (type == Targets.class) {
            return Targets::fromJson;
        }
        throw new IllegalArgumentException("no such role type " + type);
    }

    /** The parsed role. */
    public T role() {
        return role;
    }

    /** The signatures, as listed. */
    public List<TufSignature> signatures() {
        return signatures;
    }

    /** The file's bytes, as received. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The canonical bytes of the {@code signed} object as received: what the signatures cover. */
    public byte[] canonicalSigned() {
        return canonicalSigned.clone();
    }

    /**
     * How many distinct keys of {@code role} produced a valid signature: signatures by keys the role does not list, by
     * keys absent from {@code keys}, and repeated signatures by the same key are not counted.
     */
    public int validSignatureCount(Map<KeyId, TufKey> keys, RoleKeys role) {
        return check(keys, role).valid().size();
    }

    /** Whether at least the threshold of {@code role}'s keys signed this metadata. */
    public boolean isSignedBy(Map<KeyId, TufKey> keys, RoleKeys role) {
        return validSignatureCount(keys, role) >= role.threshold();
    }

    /** Refuses with {@link RefusalReason#BAD_SIGNATURE} or {@link RefusalReason#THRESHOLD_NOT_MET} below threshold. */
    void requireThreshold(Map<KeyId, TufKey> keys, RoleKeys role, String signer) {
        Check check = check(keys, role);
        if (check.valid().size() < role.threshold()) {
            throw new TufException(
                    check.sawBadSignature() ? RefusalReason.BAD_SIGNATURE : RefusalReason.THRESHOLD_NOT_MET,
                    this.role.type().roleName() + " v" + this.role.version() + " has "
                            + check.valid().size()
                            + " valid signature(s) of the " + role.threshold() + " required from " + signer
                            + (check.sawBadSignature() ? ", and an authorised key's signature does not verify" : ""));
        }
    }

    private static final java.util.regex.Pattern LOWER_CASE_HEX = java.util.regex.Pattern.compile("([0-9a-f]{2})+");

    private record Check(Set<String> valid, boolean sawBadSignature) {}

    private Check check(Map<KeyId, TufKey> keys, RoleKeys role) {
        Set<String> authorised = new HashSet<>();
        role.keyIds().forEach(id -> authorised.add(id.hex()));
        Set<String> valid = new HashSet<>();
        boolean bad = false;
        for (TufSignature signature : signatures) {
            String id = signature.keyId();
            if (!authorised.contains(id) || valid.contains(id)) {
                continue;
            }
            TufKey key = keys.get(new KeyId(id));
            if (key == null) {
                continue;
            }
            if (verifies(key, signature.signatureHex())) {
                valid.add(id);
            } else {
                bad = true;
            }
        }
        return new Check(valid, bad);
    }

    private boolean verifies(TufKey key, String signatureHex) {
        if (!LOWER_CASE_HEX.matcher(signatureHex).matches()) {
            // one encoding per signature, as securesystemslib writes it: "AB" for "ab" would make the same metadata
            // in a second form, and a file's bytes the only thing a cache or log could tell them apart by
            return false;
        }
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return key.verify(canonicalSigned, signature);
    }
}
