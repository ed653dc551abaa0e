package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirmwareVersionTest {

    @Test
    void versionsCompareNumberByNumberWithMissingNumbersAsZero() {
        assertThat(v("1.10.0").isBelow(v("1.9"))).isFalse();
        assertThat(v("1.9.9").isBelow(v("1.10"))).isTrue();
        assertThat(v("1.4")).isEqualByComparingTo(v("1.4.0.0"));
        assertThat(v("2").isBelow(v("2.0.1"))).isTrue();
    }

    @Test
    void anythingButOneToFourDotSeparatedNumbersIsRefused() {
        for (String text : new String[] {"", "1.4.0-rc1", "v1.4", "1..4", "1.2.3.4.5", " 1.4", "1.4."}) {
            assertThat(FirmwareVersion.isValid(text)).as(text).isFalse();
            assertThatThrownBy(() -> new FirmwareVersion(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static FirmwareVersion v(String text) {
        return new FirmwareVersion(text);
    }
}
