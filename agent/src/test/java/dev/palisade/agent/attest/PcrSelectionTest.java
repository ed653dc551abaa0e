package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PcrSelectionTest {

    @Test
    void readsTheServersSelectionAndWritesItBackInOrder() {
        PcrSelection selection = PcrSelection.parse("sha256:7,0,3,1,2+sha1:0,1");

        assertThat(selection.banks()).containsOnlyKeys("sha1", "sha256");
        assertThat(selection.banks().get("sha256")).containsExactly(0, 1, 2, 3, 7);
        assertThat(selection.argument()).isEqualTo("sha1:0,1+sha256:0,1,2,3,7");
        assertThat(selection.argument("sha256")).isEqualTo("sha256:0,1,2,3,7");
    }

    @Test
    void refusesWhatIsNoSelectionBeforeItBecomesAToolArgument() {
        for (String bad : List.of(
                "",
                "sha256",
                "sha256:",
                "sha256:0,",
                "sha256:24",
                "sha256:-1",
                "sha256:0 1",
                "md5:0",
                "sha256:0+sha256:1",
                "sha256:0;rm -rf /",
                "sha256:0+",
                ":0")) {
            assertThatThrownBy(() -> PcrSelection.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void knowsTheDigestSizeOfEachBank() {
        assertThat(PcrSelection.digestSize("sha1")).isEqualTo(20);
        assertThat(PcrSelection.digestSize("sha256")).isEqualTo(32);
        assertThat(PcrSelection.digestSize("sha384")).isEqualTo(48);
        assertThat(PcrSelection.digestSize("sha512")).isEqualTo(64);
    }
}
