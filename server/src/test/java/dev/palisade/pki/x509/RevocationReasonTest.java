package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RevocationReasonTest {

    @Test
    void coversTheRfc5280CodesZeroToTenExceptSeven() {
        assertThat(Arrays.stream(RevocationReason.values()).mapToInt(RevocationReason::code))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 8, 9, 10);
        assertThat(RevocationReason.ofCode(7)).isEmpty();
        assertThat(RevocationReason.ofCode(11)).isEmpty();
        assertThat(RevocationReason.ofCode(1)).contains(RevocationReason.KEY_COMPROMISE);
    }

    @Test
    void wireNamesAreKebabCaseAndRoundTrip() {
        for (RevocationReason reason : RevocationReason.values()) {
            assertThat(reason.wireName()).matches("[a-z]+(-[a-z]+)*");
            assertThat(RevocationReason.ofWireName(reason.wireName())).contains(reason);
        }
        assertThat(RevocationReason.KEY_COMPROMISE.wireName()).isEqualTo("key-compromise");
        assertThat(RevocationReason.ofWireName("KEY_COMPROMISE")).isEmpty();
    }
}
