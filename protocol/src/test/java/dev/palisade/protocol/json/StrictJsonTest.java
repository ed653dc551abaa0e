package dev.palisade.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static final long SAFE = (1L << 53) - 1;

    private final StrictJson safeIntegersNoNull = new StrictJson(4, SAFE, null);

    @Test
    void readsPlainValuesInDocumentOrder() {
        Object value = safeIntegersNoNull.parse("{\"b\":[1,true,\"x\"],\"a\":{}}".getBytes(UTF_8));

        assertThat(value).isEqualTo(Map.of("b", List.of(1L, true, "x"), "a", Map.of()));
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void integersAreBoundedOnBothSidesEvenAtTheEdgeOfLong() {
        assertThat(safeIntegersNoNull.parse(Long.toString(-SAFE).getBytes(UTF_8)))
                .isEqualTo(-SAFE);
        for (String integer :
                List.of(Long.toString(SAFE + 1), Long.toString(-SAFE - 1), Long.toString(Long.MIN_VALUE))) {
            assertThatThrownBy(() -> safeIntegersNoNull.parse(integer.getBytes(UTF_8)))
                    .as(integer)
                    .isInstanceOf(StrictJson.MalformedJsonException.class)
                    .hasMessageContaining("out of range");
        }
    }

    @Test
    void nullIsRefusedOrReadAsTheCallersStandIn() {
        Object standIn = new Object();

        assertThatThrownBy(() -> safeIntegersNoNull.parse("{\"a\":null}".getBytes(UTF_8)))
                .isInstanceOf(StrictJson.MalformedJsonException.class);
        assertThat(new StrictJson(4, Long.MAX_VALUE, standIn).parse("[null]".getBytes(UTF_8)))
                .isEqualTo(List.of(standIn));
    }

    @Test
    void whatTwoReadersCouldReadDifferentlyIsRefused() {
        for (String json : List.of("{\"a\":1,\"a\":2}", "1.5", "[1] [2]", "[[[[[1]]]]]", "", "{\"a\":")) {
            assertThatThrownBy(() -> safeIntegersNoNull.parse(json.getBytes(UTF_8)))
                    .as(json)
                    .isInstanceOf(StrictJson.MalformedJsonException.class);
        }
        assertThatThrownBy(() -> safeIntegersNoNull.parse(new byte[] {'"', (byte) 0xC3, '"'}))
                .hasMessage("not UTF-8");
    }
}
