package dev.palisade.protocol.tuf;

/** Why a TUF client refused metadata or a target file: stable values that callers and logs can branch on. */
public enum RefusalReason {
    /** The bytes are not strict JSON (duplicate keys, floats, trailing data …) or miss or mistype a field. */
    MALFORMED,
    /** The metadata's {@code _type} is not the role that was expected at that step. */
    WRONG_TYPE,
    /** The metadata's {@code spec_version} is not a TUF 1.x version. */
    UNSUPPORTED_SPEC_VERSION,
    /** A key is listed under a key id that is not the SHA-256 of its canonical form. */
    KEY_ID_MISMATCH,
    /** An authorised key's signature does not verify, and the remaining signatures do not reach the threshold. */
    BAD_SIGNATURE,
    /** Fewer distinct authorised keys signed than the role's threshold requires. */
    THRESHOLD_NOT_MET,
    /** The metadata expired before the update started (freeze attack). */
    EXPIRED,
    /** A version is lower than one already trusted, or a listed metadata file disappeared (rollback attack). */
    ROLLBACK,
    /** A version differs from the one the referring metadata names (mix-and-match, fast-forward). */
    VERSION_MISMATCH,
    /** The content's hash differs from the one the referring metadata names. */
    HASH_MISMATCH,
    /** The content's length differs from the one the referring metadata names. */
    LENGTH_MISMATCH,
    /** The server sent more bytes than allowed for that file (endless data attack). */
    LENGTH_EXCEEDED,
    /** Metadata that the workflow requires is not listed by its referrer or not served. */
    MISSING_METADATA,
    /** No trusted targets metadata describes the requested target. */
    UNKNOWN_TARGET,
    /** The repository could not be reached or answered with an error. */
    FETCH_FAILED,
    /** Trusted metadata could not be read from or written to local storage. */
    STORAGE_FAILED
}
