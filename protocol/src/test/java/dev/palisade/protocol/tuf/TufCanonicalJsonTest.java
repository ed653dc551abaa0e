package dev.palisade.protocol.tuf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TufCanonicalJsonTest {

    @Test
    void writesSortedCompactJsonEscapingOnlyBackslashAndQuote() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(1L, true, false, JsonNull.INSTANCE));
        value.put("a", "line\nbreak \"quoted\" back\\slash tab\t é ☃ \uD83D\uDE00");
        value.put("A", Map.of());

        String canonical = TufCanonicalJson.toString(value);

        assertThat(canonical)
                .isEqualTo("{\"A\":{},\"a\":\"line\nbreak \\\"quoted\\\" back\\\\slash tab\t é ☃ \uD83D\uDE00\","
                        + "\"b\":[1,true,false,null]}");
    }

    @Test
    void differsFromJcsForControlCharacters() {
        Map<String, Object> value = Map.of("s", "a\nb\u001f");

        assertThat(TufCanonicalJson.toString(value)).isEqualTo("{\"s\":\"a\nb\u001f\"}");
        assertThat(CanonicalJson.toString(value)).isEqualTo("{\"s\":\"a\\nb\\u001f\"}");
    }

    @Test
    void sortsNamesByCodePointLikePythonNotByUtf16Unit() {
        Map<String, Object> value = Map.of("\uFF21", 1L, "\uD83D\uDE00", 2L);

        assertThat(TufCanonicalJson.toString(value)).isEqualTo("{\"\uFF21\":1,\"\uD83D\uDE00\":2}");
    }

    @Test
    void fileBytesEscapeControlCharactersAndParseBackToTheSameValue() {
        Map<String, Object> value = Map.of("s", "a\nb\u0001\"\\é");

        byte[] file = TufCanonicalJson.toFileBytes(value);

        assertThat(new String(file, UTF_8)).isEqualTo("{\"s\":\"a\\u000ab\\u0001\\\"\\\\é\"}");
        assertThat(MetadataJson.parse(file, 1000)).isEqualTo(value);
    }

    @Test
    void refusesFloatsAndUnpairedSurrogates() {
        assertThatThrownBy(() -> TufCanonicalJson.toString(List.of(1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TufCanonicalJson.toString("\uD800")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strictParserRefusesWhatTwoReadersCouldSeeDifferently() {
        for (String json : List.of(
                "{\"a\":1,\"a\":2}",
                "{\"a\":1.0}",
                "{\"a\":1e3}",
                "{\"a\":99999999999999999999}",
                "{} {}",
                "[1,]",
                "{'a':1}",
                "\"\u0001\"",
                "{\"a\":NaN}")) {
            assertThatThrownBy(() -> MetadataJson.parse(json.getBytes(UTF_8), 1000))
                    .as(json)
                    .isInstanceOfSatisfying(
                            TufException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED));
        }
        assertThatThrownBy(() -> MetadataJson.parse(new byte[] {'"', (byte) 0xC3, '"'}, 1000))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> MetadataJson.parse("[1,2,3]".getBytes(UTF_8), 3))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.LENGTH_EXCEEDED));
        assertThatThrownBy(() -> MetadataJson.parse("[".repeat(100).getBytes(UTF_8), 1000))
                .isInstanceOf(TufException.class);
    }
}
