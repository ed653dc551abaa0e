package dev.palisade.pki;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Identifies a certificate authority; appears in its CRL and OCSP URLs. */
public record CaId(UUID value) {

    public static CaId parse(String text) {
        return new CaId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
