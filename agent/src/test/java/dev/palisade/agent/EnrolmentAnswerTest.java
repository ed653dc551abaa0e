package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnrolmentAnswerTest {

    @Test
    void readsARefusalAndSkipsWhatTheDeviceDoesNotUse() throws Exception {
        byte[] payload = """
                {"code": "provisioning.attestation-required", "detail": "attest first", "retryAfter": 10,
                 "policy": {"sources": ["built-in:device"], "documents": [{"statements": []}]}}""".getBytes(StandardCharsets.UTF_8);

        EnrolmentAnswer answer = EnrolmentAnswer.parse(payload);

        assertThat(answer.code()).isEqualTo("provisioning.attestation-required");
        assertThat(answer.detail()).isEqualTo("attest first");
        assertThat(answer.retryAfter()).isEqualTo(10);
        assertThat(answer.chain()).isEmpty();
    }

    @Test
    void refusesWhatIsNoJsonObject() {
        assertThatThrownBy(() -> EnrolmentAnswer.parse("[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnrolmentException.class);
        assertThatThrownBy(() -> EnrolmentAnswer.parse("{\"code\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnrolmentException.class);
    }
}
