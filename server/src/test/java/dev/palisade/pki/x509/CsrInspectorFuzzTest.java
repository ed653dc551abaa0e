package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.CsrInspection.Accepted;
import dev.palisade.pki.x509.CsrInspection.Refused;

/**
 * Whatever bytes arrive, inspection returns a result and never throws. In regression mode (plain JUnit) this runs the
 * seeds in {@code CsrInspectorFuzzTestInputs/inspectNeverThrows}; with {@code JAZZER_FUZZ=1} Jazzer mutates them.
 */
class CsrInspectorFuzzTest {

    private static final CsrInspector INSPECTOR = new CsrInspector(CsrPolicy.defaults());

    @FuzzTest(maxDuration = "60s")
    void inspectNeverThrows(byte[] input) {
        CsrInspection result = INSPECTOR.inspect(input);

        switch (result) {
            case Accepted accepted ->
                assertThat(DeviceId.isValid(accepted.csr().commonName().value()))
                        .isTrue();
            case Refused refused -> assertThat(refused.detail()).isNotBlank();
        }
    }
}
