package dev.palisade.protocol.tuf;

import java.util.regex.Pattern;

/**
 * The {@code spec_version} values accepted: any TUF 1.x ({@code 1.N} or {@code 1.N.M}, as python-tuf and tuf-js
 * accept), since 1.x releases keep the metadata format compatible. Metadata written here claims {@value #CURRENT}.
 */
public final class SpecVersion {

    /** The version of the specification this package implements and writes. */
    public static final String CURRENT = "1.0.31";

    private static final Pattern SUPPORTED = Pattern.compile("1\\.(0|[1-9][0-9]{0,5})(\\.(0|[1-9][0-9]{0,5}))?");

    private SpecVersion() {}

    /** Whether metadata claiming {@code specVersion} can be read by this client. */
    public static boolean isSupported(String specVersion) {
        return SUPPORTED.matcher(specVersion).matches();
    }

    static void require(String specVersion) {
        if (!isSupported(specVersion)) {
            throw new IllegalArgumentException("spec_version " + specVersion + " is not a TUF 1.x version");
        }
    }

    static void requireVersion(long version, String what) {
        if (version < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + version);
        }
    }
}
