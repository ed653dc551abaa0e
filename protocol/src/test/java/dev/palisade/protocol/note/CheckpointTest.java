package dev.palisade.protocol.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final String C2SP_EXAMPLE_ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    private static final byte[] ROOT = Base64.getDecoder().decode(C2SP_EXAMPLE_ROOT);

    @Test
    void bodyIsOriginSizeAndBase64RootEachOnItsOwnLine() {
        Checkpoint checkpoint = Checkpoint.of("example.com/behind-the-sofa", 20852163, ROOT);

        assertThat(checkpoint.body()).isEqualTo("example.com/behind-the-sofa\n20852163\n" + C2SP_EXAMPLE_ROOT + "\n");
    }

    @Test
    void extensionLinesFollowTheRootHash() {
        Checkpoint checkpoint = new Checkpoint("log", 0, ROOT, List.of("ext one", "ext two"));

        assertThat(checkpoint.body()).isEqualTo("log\n0\n" + C2SP_EXAMPLE_ROOT + "\next one\next two\n");
        assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
    }

    @Test
    void parsesTheC2spExampleCheckpoint() {
        SignedNote note = SignedNote.parse(
                "example.com/behind-the-sofa\n20852163\n" + C2SP_EXAMPLE_ROOT + "\n\n"
                        + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n");

        Checkpoint checkpoint = Checkpoint.parse(note.text());

        assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(checkpoint.size()).isEqualTo(20852163);
        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
        assertThat(checkpoint.extensions()).isEmpty();
    }

    @Test
    void parseRoundTripsTheLargestAndSmallestSizes() {
        for (long size : new long[] {0, 1, Long.MAX_VALUE}) {
            Checkpoint checkpoint = Checkpoint.of("log", size, ROOT);

            assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
        }
    }

    @Test
    void parseRefusesMalformedSizes() {
        for (String size : new String[] {"01", "+1", "-1", " 1", "1 ", "0x10", "", "9223372036854775808", "١"}) {
            String body = "log\n" + size + "\n" + C2SP_EXAMPLE_ROOT + "\n";

            assertThatThrownBy(() -> Checkpoint.parse(body))
                    .as("size '%s'", size)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parseRefusesRootHashesThatAreNotCanonicalBase64Of32Bytes() {
        String unpadded = C2SP_EXAMPLE_ROOT.substring(0, C2SP_EXAMPLE_ROOT.length() - 1);
        String shortHash = Base64.getEncoder().encodeToString(new byte[31]);
        String nonZeroTrailingBits = C2SP_EXAMPLE_ROOT.replace("q2I=", "q2J=");
        String urlSafe = C2SP_EXAMPLE_ROOT.replace('/', '_');

        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + unpadded + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root hash");
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + shortHash + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, not 31");
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + nonZeroTrailingBits + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + urlSafe + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRefusesMissingOrEmptyLines() {
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 lines");
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + C2SP_EXAMPLE_ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
        assertThatThrownBy(() -> Checkpoint.parse("\n1\n" + C2SP_EXAMPLE_ROOT + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1 is empty");
        assertThatThrownBy(() -> Checkpoint.parse("log\n1\n" + C2SP_EXAMPLE_ROOT + "\n\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4 is empty");
    }

    @Test
    void constructorRefusesInvalidFields() {
        assertThatThrownBy(() -> Checkpoint.of("", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("origin must not be empty");
        assertThatThrownBy(() -> Checkpoint.of("a\nb", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
        assertThatThrownBy(() -> Checkpoint.of("log", -1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Checkpoint.of("log", 1, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33");
        assertThatThrownBy(() -> new Checkpoint("log", 1, ROOT, List.of("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extension");
    }

    @Test
    void rootHashIsCopiedInAndOut() {
        byte[] root = ROOT.clone();
        Checkpoint checkpoint = Checkpoint.of("log", 1, root);

        root[0] ^= 1;
        checkpoint.rootHash()[1] ^= 1;

        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
    }
}
