package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.List;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PublishLimitTest {

    private static final String STATEMENTS =
            "\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publish\"], \"resources\": [\"a\"]}]";

    @Test
    void aDocumentMaySetItsDevicesPublishLimit() {
        PolicyDocument document = PolicyDocument.parse(
                "{\"publishLimit\": {\"messagesPerSecond\": 0.5, \"burst\": 3, \"bytesPerSecond\": 4096}, " + STATEMENTS
                        + "}");

        assertThat(document.publishLimit()).isEqualTo(new PublishLimit(0.5, 3, 4096L));
        assertThat(PolicyDocument.parse(document.toJson())).isEqualTo(document);
    }

    @Test
    void bytesAreOptionalAndWholeRatesAreWrittenWithoutAFraction() {
        PolicyDocument document = PolicyDocument.parse(
                "{\"publishLimit\": {\"burst\": 40, \"messagesPerSecond\": 20}, " + STATEMENTS + "}");

        assertThat(document.publishLimit()).isEqualTo(new PublishLimit(20, 40, null));
        assertThat(document.toJson()).contains("\"publishLimit\":{\"messagesPerSecond\":20,\"burst\":40}");
    }

    @Test
    void aDocumentWithoutOneLeavesItToOthers() {
        assertThat(PolicyDocument.parse("{" + STATEMENTS + "}").publishLimit()).isNull();
        assertThat(PolicyDocument.parse("{" + STATEMENTS + "}").toJson()).doesNotContain("publishLimit");
    }

    @Test
    void figuresOutOfRangeAreRefusedWithTheirPointer() {
        assertRefusal("{\"messagesPerSecond\": 0, \"burst\": 1}")
                .returns("policy.document.limit-out-of-range", PolicyDocumentException::code)
                .returns("/publishLimit/messagesPerSecond", PolicyDocumentException::pointer);
        assertRefusal("{\"messagesPerSecond\": 1, \"burst\": 1000001}")
                .returns("policy.document.limit-out-of-range", PolicyDocumentException::code)
                .returns("/publishLimit/burst", PolicyDocumentException::pointer);
        assertRefusal("{\"messagesPerSecond\": 1, \"burst\": 1, \"bytesPerSecond\": 99999999999999999999}")
                .returns("policy.document.limit-out-of-range", PolicyDocumentException::code)
                .returns("/publishLimit/bytesPerSecond", PolicyDocumentException::pointer);
    }

    @Test
    void aMalformedLimitIsRefusedAsStrictlyAsTheRest() {
        assertRefusal("{\"messagesPerSecond\": \"10\", \"burst\": 1}")
                .returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error);
        assertRefusal("{\"messagesPerSecond\": 10, \"burst\": 1.5}")
                .returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error)
                .returns("/publishLimit/burst", PolicyDocumentException::pointer);
        assertRefusal("{\"messagesPerSecond\": 10}")
                .returns(PolicyDocumentError.MISSING_FIELD, PolicyDocumentException::error)
                .returns("/publishLimit/burst", PolicyDocumentException::pointer);
        assertRefusal("{\"messagesPerSecond\": 10, \"burst\": 5, \"perMinute\": 1}")
                .returns(PolicyDocumentError.UNKNOWN_FIELD, PolicyDocumentException::error)
                .returns("/publishLimit/perMinute", PolicyDocumentException::pointer);
    }

    @Test
    void limitsAddUpToTheMostGenerousLikeAllows() {
        PolicyDocument none = document(null);
        PolicyDocument slow = document(new PublishLimit(2, 50, null));
        PolicyDocument bursty = document(new PublishLimit(1, 100, 2048L));

        assertThat(PublishLimit.mostGenerous(List.of(none))).isEmpty();
        assertThat(PublishLimit.mostGenerous(List.of(none, slow))).contains(new PublishLimit(2, 50, null));
        assertThat(PublishLimit.mostGenerous(List.of(slow, none, bursty))).contains(new PublishLimit(2, 100, 2048L));
    }

    @Test
    void theRecordRefusesWhatTheParserRefuses() {
        assertThatThrownBy(() -> new PublishLimit(0, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishLimit(1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishLimit(1, 1, 0L)).isInstanceOf(IllegalArgumentException.class);
    }

    private static PolicyDocument document(@Nullable PublishLimit limit) {
        PolicyDocument document = PolicyDocument.parse("{" + STATEMENTS + "}");
        return limit == null ? document : document.withPublishLimit(limit);
    }

    private static ObjectAssert<PolicyDocumentException> assertRefusal(String limit) {
        return assertThatThrownBy(() -> PolicyDocument.parse("{\"publishLimit\": " + limit + ", " + STATEMENTS + "}"))
                .asInstanceOf(type(PolicyDocumentException.class));
    }
}
