package dev.palisade.protocol.twin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwinDocumentsTest {

    private static final TwinState ECO = new TwinState(Map.of("mode", "eco", "interval", 60, "leds", List.of(true)));

    @Test
    void aDesiredDocumentSurvivesTheRoundTripInCanonicalJson() {
        var desired = new DesiredState(7, ECO);

        var read = DesiredState.parse(desired.toBytes());

        assertThat(read).isEqualTo(desired);
        assertThat(new String(desired.toBytes(), UTF_8))
                .isEqualTo("{\"state\":{\"interval\":60,\"leds\":[true],\"mode\":\"eco\"},\"version\":7}");
        assertThat(DesiredState.topic("meter-1")).isEqualTo("devices/meter-1/twin/desired");
    }

    @Test
    void onlyAHigherVersionIsNewer() {
        var desired = new DesiredState(7, ECO);

        assertThat(desired.isNewerThan(0)).isTrue();
        assertThat(desired.isNewerThan(6)).isTrue();
        assertThat(desired.isNewerThan(7))
                .as("the same version again: a duplicate")
                .isFalse();
        assertThat(desired.isNewerThan(8))
                .as("an older version: a stale message")
                .isFalse();
    }

    @Test
    void aReportedDocumentNamesTheDesiredVersionApplied() {
        var reported = new ReportedState(7, ECO);

        var read = ReportedState.parse(reported.toBytes());

        assertThat(read).isEqualTo(reported);
        assertThat(new String(reported.toBytes(), UTF_8)).startsWith("{\"desiredVersion\":7,\"state\":{");
        assertThat(ReportedState.parse(bytes("{\"desiredVersion\":0,\"state\":{}}")))
                .isEqualTo(ReportedState.initial());
        assertThat(ReportedState.topic("meter-1")).isEqualTo("devices/meter-1/twin/reported");
    }

    @Test
    void aGetRequestAndItsAnswerCarryTheCurrentDesiredDocument() {
        var request = new TwinRequest("r-1.a_B");
        var answer = new TwinResponse(request.requestId(), Optional.of(new DesiredState(3, ECO)));
        var empty = new TwinResponse(request.requestId(), Optional.empty());

        assertThat(TwinRequest.parse(request.toBytes())).isEqualTo(request);
        assertThat(TwinResponse.parse(answer.toBytes())).isEqualTo(answer);
        assertThat(TwinResponse.parse(empty.toBytes())).isEqualTo(empty);
        assertThat(new String(empty.toBytes(), UTF_8)).isEqualTo("{\"requestId\":\"r-1.a_B\"}");
        assertThat(TwinRequest.topic("m")).isEqualTo("devices/m/twin/get");
        assertThat(TwinResponse.topic("m")).isEqualTo("devices/m/twin/get/response");
    }

    @Test
    void refusesDesiredDocumentsTwoParsersCouldReadDifferently() {
        for (String payload : new String[] {
            "{\"version\":1,\"version\":2,\"state\":{}}",
            "{\"version\":1,\"state\":{\"a\":1,\"a\":2}}",
            "{\"version\":1,\"state\":{}} {}",
            "{\"version\":1,\"state\":{\"a\":1.5}}",
            "{\"version\":1,\"state\":{\"a\":1e3}}",
            "{\"version\":1,\"state\":{\"a\":null}}",
            "{\"version\":1,\"state\":{\"a\":9007199254740992}}",
            "{\"version\":1,\"state\":{\"a\":99999999999999999999999}}",
            "{\"version\":1,\"state\":{},\"extra\":true}",
            "{\"version\":\"1\",\"state\":{}}",
            "{\"version\":0,\"state\":{}}",
            "{\"version\":-3,\"state\":{}}",
            "{\"version\":1,\"state\":[]}",
            "{\"version\":1}",
            "{\"state\":{}}",
            "[]",
            "",
        }) {
            assertThatThrownBy(() -> DesiredState.parse(bytes(payload)))
                    .as(payload)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] payload = bytes("{\"version\":1,\"state\":{\"a\":\"xx\"}}");
        payload[payload.length - 4] = (byte) 0xC3; // a lead byte without its continuation

        assertThatThrownBy(() -> DesiredState.parse(payload)).hasMessageContaining("not UTF-8");
    }

    @Test
    void refusesAStateTooLargeOrTooDeep() {
        String large = "x".repeat(TwinState.MAX_BYTES);
        Object deepEnough = nested(TwinState.MAX_DEPTH - 1);
        Object deep = nested(TwinState.MAX_DEPTH);

        assertThatThrownBy(() -> new TwinState(Map.of("a", large)))
                .hasMessageContaining("at most " + TwinState.MAX_BYTES + " bytes");
        assertThatThrownBy(() -> new TwinState(Map.of("a", deep)))
                .hasMessageContaining("nested at most " + TwinState.MAX_DEPTH + " levels");
        assertThat(new TwinState(Map.of("a", deepEnough)).members()).containsKey("a");
        assertThatThrownBy(() ->
                        DesiredState.parse(bytes("{\"version\":1,\"state\":{\"a\":\"" + "y".repeat(20_000) + "\"}}")))
                .hasMessageContaining("at most 16384 bytes");
    }

    @Test
    void aStateHoldsOnlyWhatJsonHoldsExactly() {
        assertThatThrownBy(() -> new TwinState(Map.of("a", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TwinState(Map.of("a", new Object()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TwinState(Map.of("n", 5)).members().get("n")).isEqualTo(5L);
        assertThat(TwinState.parse("{\"b\":[1,\"two\",{\"c\":false}],\"a\":\"x\"}")
                        .toJson())
                .isEqualTo("{\"a\":\"x\",\"b\":[1,\"two\",{\"c\":false}]}");
    }

    @Test
    void refusesRequestsAndAnswersOfTheWrongShape() {
        for (String payload :
                new String[] {"{\"requestId\":\"\"}", "{\"requestId\":\"a/b\"}", "{\"requestId\":1}", "{}"}) {
            assertThatThrownBy(() -> TwinRequest.parse(bytes(payload)))
                    .as(payload)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String payload : new String[] {
            "{\"requestId\":\"r\",\"desired\":{\"version\":1}}",
            "{\"requestId\":\"r\",\"desired\":{\"version\":1,\"state\":{},\"more\":1}}",
            "{\"requestId\":\"r\",\"desired\":\"v1\"}",
            "{\"requestId\":\"r\",\"reported\":{}}",
            "{\"desired\":{\"version\":1,\"state\":{}}}",
        }) {
            assertThatThrownBy(() -> TwinResponse.parse(bytes(payload)))
                    .as(payload)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Objects within objects, {@code levels} deep, below the state's own object. */
    private static Object nested(int levels) {
        Object value = "leaf";
        for (int level = 0; level < levels; level++) {
            value = Map.of("in", value);
        }
        return value;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
