package dev.palisade.protocol.ota;

/** The shape of release and rollout identifiers as they travel: 1 to 64 of letters, digits and {@code . _ : -}. */
final class OtaIds {

    private OtaIds() {}

    static String require(String id, String what) {
        if (id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("a " + what + " is 1 to 64 characters");
        }
        for (int k = 0; k < id.length(); k++) {
            char c = id.charAt(k);
            boolean allowed = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("a " + what + " holds letters, digits and . _ : - only");
            }
        }
        return id;
    }
}
