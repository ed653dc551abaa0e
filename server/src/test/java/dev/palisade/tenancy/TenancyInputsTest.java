package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.problem.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TenancyInputsTest {

    @Test
    void slugsAreShortLowerCaseNames() {
        assertThat(TenancyInputs.slug("acme-meters")).isEqualTo("acme-meters");
        for (String bad : new String[] {"A", "a", "-acme", "acme_meters", "Acme", "a".repeat(64), "acme meters"}) {
            assertThatThrownBy(() -> TenancyInputs.slug(bad))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("slug"));
        }
        assertThatThrownBy(() -> TenancyInputs.slug(null)).hasMessageContaining("required");
    }

    @Test
    void labelsRefuseControlCharactersAndBlankText() {
        assertThat(TenancyInputs.label("name", "CI pipeline", 100)).isEqualTo("CI pipeline");
        assertThatThrownBy(() -> TenancyInputs.label("name", "two\nlines", 100))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TenancyInputs.label("name", "   ", 100)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TenancyInputs.label("name", "x".repeat(101), 100))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void lifetimesAreIsoDurationsWithinTheMaximum() {
        Duration max = Duration.ofDays(365);

        assertThat(TenancyInputs.lifetime("expiresIn", "PT12H", max)).isEqualTo(Duration.ofHours(12));
        assertThat(TenancyInputs.lifetime("expiresIn", "P30D", max)).isEqualTo(Duration.ofDays(30));
        for (String bad : new String[] {"30 days", "P366D", "PT0S", "-PT1H", ""}) {
            assertThatThrownBy(() -> TenancyInputs.lifetime("expiresIn", bad, max))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("expiresIn"));
        }
    }

    @Test
    void operatorNamesAllowEmailLikeNames() {
        assertThat(TenancyInputs.operatorName("name", "alice@example.org")).isEqualTo("alice@example.org");
        assertThatThrownBy(() -> TenancyInputs.operatorName("name", "alice smith"))
                .isInstanceOf(InvalidInputException.class);
    }
}
