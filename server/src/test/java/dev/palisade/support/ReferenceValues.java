package dev.palisade.support;

import java.util.Map;

/** A tenant's attestation reference values, stored through the operator API for tests that attest. */
public final class ReferenceValues {

    private ReferenceValues() {}

    /** Stores the golden sha256 PCR values of {@code model} at {@code release}; fails the test unless created. */
    public static void putPcrs(TestApi api, String token, String model, String release, Map<String, String> pcrs) {
        ApiResponse put = api.put(
                "/api/v1/attestation/references/" + model + "/" + release,
                token,
                Map.of("pcrs", Map.of("sha256", pcrs)));
        if (put.status() != 201) {
            throw new AssertionError("reference values not stored: " + put.status() + " " + put.rawBody());
        }
    }
}
