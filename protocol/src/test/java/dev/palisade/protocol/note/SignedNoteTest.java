package dev.palisade.protocol.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    private static final String C2SP_EXAMPLE = """
            Ognuno sta solo sul cuor della terra
            trafitto da un raggio di sole:

            ed \u00e8 subito sera.

            \u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=
            """;

    private static final NoteSignature SIGNATURE = new NoteSignature("log.example", 0x01020304, new byte[64]);

    @Test
    void formatPutsABlankLineThenOneEmDashLinePerSignature() {
        SignedNote note = new SignedNote("hello\n", List.of(SIGNATURE));

        assertThat(note.format())
                .isEqualTo(
                        "hello\n\n\u2014 log.example AQIDBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    }

    @Test
    void parseAndFormatRoundTrip() {
        SignedNote note = new SignedNote(
                "line one\nline two\n", List.of(SIGNATURE, new NoteSignature("other", -1, new byte[] {1, 2, 3})));

        SignedNote parsed = SignedNote.parse(note.format());

        assertThat(parsed).isEqualTo(note);
        assertThat(parsed.format()).isEqualTo(note.format());
        assertThat(SignedNote.parse(note.toBytes())).isEqualTo(note);
    }

    @Test
    void parsesGosExampleNote() {
        SignedNote note = SignedNote.parse(GoNoteExample.SIGNED_NOTE);

        assertThat(note.text()).isEqualTo(GoNoteExample.TEXT);
        assertThat(note.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.keyName()).isEqualTo("PeterNeumann");
            assertThat(signature.keyId()).isEqualTo(0xc74f20a3);
            assertThat(signature.signature()).hasSize(64);
        });
        assertThat(note.format()).isEqualTo(GoNoteExample.SIGNED_NOTE);
    }

    @Test
    void textMayContainBlankLinesAndSignaturesStartAfterTheLastOne() {
        SignedNote note = SignedNote.parse(C2SP_EXAMPLE);

        assertThat(note.text()).isEqualTo(C2SP_EXAMPLE.substring(0, C2SP_EXAMPLE.indexOf("\n\n\u2014") + 1));
        assertThat(note.text()).contains("\n\ned \u00e8 subito sera.\n");
        assertThat(note.signatures()).extracting(NoteSignature::keyName).containsExactly("quasimodo.example/salvatore");
        assertThat(note.format()).isEqualTo(C2SP_EXAMPLE);
    }

    @Test
    void parseRefusesANoteWithoutABlankLine() {
        String joined = GoNoteExample.SIGNED_NOTE.replace("\n\n", "\n");

        assertThatThrownBy(() -> SignedNote.parse(joined))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no blank line");
    }

    @Test
    void parseRefusesTruncatedSignatureLines() {
        String note = GoNoteExample.SIGNED_NOTE;
        String withoutFinalNewline = note.substring(0, note.length() - 1);
        String truncatedBase64 = note.substring(0, note.length() - 6) + "\n";
        String nameOnly = GoNoteExample.TEXT + "\n\u2014 PeterNeumann\n";
        String tooShort = GoNoteExample.TEXT + "\n\u2014 PeterNeumann AQIDBA==\n";

        assertThatThrownBy(() -> SignedNote.parse(withoutFinalNewline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
        assertThatThrownBy(() -> SignedNote.parse(truncatedBase64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> SignedNote.parse(nameOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no space");
        assertThatThrownBy(() -> SignedNote.parse(tooShort))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void parseRefusesSignatureLinesNotInTheExactForm() {
        String sig = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
        List<String> badLines = List.of(
                "- PeterNeumann " + sig,
                "\u2014PeterNeumann " + sig,
                "\u2014  PeterNeumann " + sig,
                "\u2014 PeterNeumann  " + sig,
                "\u2014 PeterNeumann " + sig + " ",
                "\u2014 Peter+Neumann " + sig,
                "\u2014 PeterNeumann " + sig.replace("=", ""));

        for (String line : badLines) {
            assertThatThrownBy(() -> SignedNote.parse(GoNoteExample.TEXT + "\n" + line + "\n"))
                    .as("%s", line)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parseRefusesControlCharactersAndBadUtf8() {
        String withTab = GoNoteExample.SIGNED_NOTE.replace("If you", "If\tyou");
        String withCarriageReturn = GoNoteExample.SIGNED_NOTE.replace("\n", "\r\n");
        byte[] badUtf8 = GoNoteExample.SIGNED_NOTE.getBytes(StandardCharsets.UTF_8);
        badUtf8[3] = (byte) 0xff;

        assertThatThrownBy(() -> SignedNote.parse(withTab))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0009");
        assertThatThrownBy(() -> SignedNote.parse(withCarriageReturn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000D");
        assertThatThrownBy(() -> SignedNote.parse(badUtf8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> SignedNote.parse("a\ud800b\n\n" + SIGNATURE.line() + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void parseCapsTheNumberOfSignatures() {
        String hundred = GoNoteExample.TEXT + "\n" + String.join("", Collections.nCopies(100, SIGNATURE.line() + "\n"));
        String hundredAndOne = hundred + SIGNATURE.line() + "\n";

        assertThat(SignedNote.parse(hundred).signatures()).hasSize(100);
        assertThatThrownBy(() -> SignedNote.parse(hundredAndOne))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 signatures");
    }

    @Test
    void parseCapsTheSizeOfTheNote() {
        String huge = "x".repeat(SignedNote.MAX_NOTE_BYTES) + "\n\n" + SIGNATURE.line() + "\n";
        String hugeInUtf8 = "\u00e9".repeat(SignedNote.MAX_NOTE_BYTES / 2) + "\n\n" + SIGNATURE.line() + "\n";

        assertThatThrownBy(() -> SignedNote.parse(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1048576 bytes");
        assertThatThrownBy(() -> SignedNote.parse(hugeInUtf8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1048576 bytes");
    }

    @Test
    void constructorRefusesInvalidTextsAndSignatureCounts() {
        List<NoteSignature> tooMany = new ArrayList<>(Collections.nCopies(101, SIGNATURE));

        assertThatThrownBy(() -> new SignedNote("no newline", List.of(SIGNATURE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end with a newline");
        assertThatThrownBy(() -> new SignedNote("bell\u0007\n", List.of(SIGNATURE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0007");
        assertThatThrownBy(() -> new SignedNote("text\n", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one signature");
        assertThatThrownBy(() -> new SignedNote("text\n", tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100");
    }
}
