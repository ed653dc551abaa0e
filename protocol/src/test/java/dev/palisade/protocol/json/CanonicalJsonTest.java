package dev.palisade.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    /** The "string" member of the RFC 8785 §3.2.2 example, decoded from its escaped JSON input. */
    private static final String RFC_EXAMPLE_STRING = "\u20ac$\u000F\nA'B\"\\\\\"/";

    @Test
    void escapesStringsAsTheRfc8785ExampleShows() {
        assertThat(CanonicalJson.toString(RFC_EXAMPLE_STRING)).isEqualTo("\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"");
    }

    @Test
    void producesTheRfc8785ExampleBytesForTheSupportedMembers() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("string", RFC_EXAMPLE_STRING);
        value.put("literals", Arrays.asList(null, true, false));

        byte[] bytes = CanonicalJson.toBytes(value);

        // RFC 8785 §3.2.4 prints the UTF-8 of the whole example; these are its bytes for the two members kept here
        // (the "numbers" member uses floating point, which Palisade does not sign).
        byte[] literals = HexFormat.ofDelimiter(" ")
                .parseHex("7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
                        + " 75 65 2c 66 61 6c 73 65 5d 2c");
        byte[] string = HexFormat.ofDelimiter(" ")
                .parseHex("22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
                        + " 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d");
        byte[] expected = new byte[literals.length + string.length];
        System.arraycopy(literals, 0, expected, 0, literals.length);
        System.arraycopy(string, 0, expected, literals.length, string.length);
        assertThat(bytes).isEqualTo(expected);
    }

    @Test
    void sortsMemberNamesByUtf16CodeUnitsAsTheRfc8785ExampleShows() {
        Map<String, Object> value = new HashMap<>();
        value.put("\u20ac", "Euro Sign");
        value.put("\r", "Carriage Return");
        value.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        value.put("1", "One");
        value.put("\ud83d\ude00", "Emoji: Grinning Face");
        value.put("\u0080", "Control");
        value.put("\u00f6", "Latin Small Letter O With Diaeresis");

        String json = CanonicalJson.toString(value);

        assertThat(json)
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void escapesEveryControlCharacterAndNothingElse() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }

        String json = CanonicalJson.toString(controls.toString() + " \u007f\u2028\u00e9\ud83d\ude00/");

        assertThat(json)
                .isEqualTo(
                        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                                + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c"
                                + "\\u001d\\u001e\\u001f \u007f\u2028\u00e9\ud83d\ude00/\"");
    }

    @Test
    void writesNonAsciiAsUtf8NotEscapes() {
        byte[] bytes = CanonicalJson.toBytes(Map.of("cl\u00e9", "\u00e9t\u00e9"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"cl\u00e9\":\"\u00e9t\u00e9\"}");
        assertThat(bytes).hasSize(16);
    }

    @Test
    void serializesNestedStructuresWithoutWhiteSpace() {
        Map<String, Object> inner = new TreeMap<>();
        inner.put("b", List.of(1, 2L, List.of()));
        inner.put("a", Map.of());
        Map<String, Object> value = new HashMap<>();
        value.put("z", inner);
        value.put("y", null);
        value.put("x", List.of(true, "s", Map.of("k", -7)));

        assertThat(CanonicalJson.toString(value))
                .isEqualTo("{\"x\":[true,\"s\",{\"k\":-7}],\"y\":null,\"z\":{\"a\":{},\"b\":[1,2,[]]}}");
    }

    @Test
    void serializesScalars() {
        assertThat(CanonicalJson.toString(null)).isEqualTo("null");
        assertThat(CanonicalJson.toString(true)).isEqualTo("true");
        assertThat(CanonicalJson.toString(false)).isEqualTo("false");
        assertThat(CanonicalJson.toString(0)).isEqualTo("0");
        assertThat(CanonicalJson.toString(-42L)).isEqualTo("-42");
        assertThat(CanonicalJson.toString(Integer.MIN_VALUE)).isEqualTo("-2147483648");
        assertThat(CanonicalJson.toString(9007199254740991L)).isEqualTo("9007199254740991");
        assertThat(CanonicalJson.toString(-9007199254740991L)).isEqualTo("-9007199254740991");
        assertThat(CanonicalJson.toString("")).isEqualTo("\"\"");
    }

    @Test
    void refusesIntegersADoubleCannotHoldExactly() {
        assertThatThrownBy(() -> CanonicalJson.toString(9007199254740992L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^53");
        assertThatThrownBy(() -> CanonicalJson.toString(List.of(Long.MIN_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNumbersThatAreNotLongOrInteger() {
        for (Object number : new Object[] {
            1.5, Double.NaN, Double.POSITIVE_INFINITY, 1.0f, BigDecimal.ONE, BigInteger.TWO, (short) 3, (byte) 4
        }) {
            assertThatThrownBy(() -> CanonicalJson.toString(Map.of("n", number)))
                    .as("%s", number.getClass())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only Long and Integer");
        }
    }

    @Test
    void refusesUnsupportedTypes() {
        for (Object value : new Object[] {new Object(), Set.of("a"), new byte[] {1}, 'c', new String[] {"a"}}) {
            assertThatThrownBy(() -> CanonicalJson.toString(value))
                    .as("%s", value.getClass())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot represent");
        }
    }

    @Test
    void refusesNonStringMemberNames() {
        Map<Object, Object> value = new HashMap<>();
        value.put(1, "one");

        assertThatThrownBy(() -> CanonicalJson.toString(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member names must be strings");
    }

    @Test
    void refusesUnpairedSurrogatesInValuesAndNames() {
        assertThatThrownBy(() -> CanonicalJson.toString("a\ud800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 1");
        assertThatThrownBy(() -> CanonicalJson.toString(Map.of("\ude00x", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 0");
    }

    @Test
    void refusesValuesNestedTooDeeplyIncludingAMapThatContainsItself() {
        Object deep = List.of();
        for (int i = 0; i < CanonicalJson.MAX_DEPTH; i++) {
            deep = List.of(deep);
        }
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        Object tooDeep = deep;

        assertThatThrownBy(() -> CanonicalJson.toString(tooDeep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested more than 64 levels");
        assertThatThrownBy(() -> CanonicalJson.toString(loop)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        Object deep = List.of();
        for (int i = 1; i < CanonicalJson.MAX_DEPTH; i++) {
            deep = List.of(deep);
        }

        assertThat(CanonicalJson.toString(deep)).hasSize(2 * CanonicalJson.MAX_DEPTH);
    }
}
