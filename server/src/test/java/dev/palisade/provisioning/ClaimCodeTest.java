package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

class ClaimCodeTest {

    private static final String CODE = "K7QM-2X9D-4HRT-B6WN";

    @Test
    void aStrongCodeHashesAndMatchesOnlyItselfWhateverItsGrouping() {
        ClaimCode.Hash hash = ClaimCode.forNewClaim(CODE).hash();

        assertThat(ClaimCode.presented("k7qm2x9d4hrtb6wn").orElseThrow().matches(hash))
                .isTrue();
        assertThat(ClaimCode.presented("K7QM-2X9D-4HRT-B6WM").orElseThrow().matches(hash))
                .isFalse();
        assertThat(hash.salt()).hasSize(16);
        assertThat(hash.value()).hasSize(32);
    }

    @Test
    void twoHashesOfOneCodeDifferByTheirSalt() {
        ClaimCode code = ClaimCode.forNewClaim(CODE);

        assertThat(code.hash().value()).isNotEqualTo(code.hash().value());
    }

    @Test
    void refusesCodesTooShortTooRepetitiveOrOutsideTheAlphabet() {
        assertWeak("K7QM-2X9D-4HRT"); // 12 significant characters
        assertWeak("AAAA-AAAA-AAAA-AAAA");
        assertWeak("ABAB-ABAB-ABAB-ABAB");
        assertWeak("K7QM_2X9D_4HRT_B6WN");
        assertWeak("K".repeat(30) + "7QM2X9D4HRTB6WN".repeat(3));
        assertThatThrownBy(() -> ClaimCode.forNewClaim(" "))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("code"));
    }

    @Test
    void neverShowsItself() {
        assertThat(ClaimCode.forNewClaim(CODE).toString()).doesNotContain("K7QM");
    }

    private static void assertWeak(String code) {
        assertThatThrownBy(() -> ClaimCode.forNewClaim(code))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("provisioning.claim.weak-code"));
    }
}
