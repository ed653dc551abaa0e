package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationPolicyTest {

    @Test
    void theFirstRefusalDecidesAndLaterConditionsAreNotAsked() {
        List<String> asked = new ArrayList<>();
        RegistrationCondition passes = request -> {
            asked.add("passes");
            return Optional.empty();
        };
        RegistrationCondition recalled = request -> {
            asked.add("recalled");
            return Optional.of(new Refusal(RefusalReason.RECALLED, "recalled"));
        };
        RegistrationCondition webhook = request -> {
            asked.add("webhook");
            return Optional.empty();
        };
        var policy = new RegistrationPolicy(List.of(passes, recalled, webhook));

        Optional<Refusal> decision = policy.evaluate(null_request());

        assertThat(decision).map(Refusal::reason).contains(RefusalReason.RECALLED);
        assertThat(asked).containsExactly("passes", "recalled");
    }

    @Test
    void everyConditionPassingAllows() {
        var policy = new RegistrationPolicy(List.of(request -> Optional.empty(), request -> Optional.empty()));

        assertThat(policy.evaluate(null_request())).isEmpty();
    }

    @SuppressWarnings("NullAway") // the conditions of these tests never look at the request
    private static RegistrationRequest null_request() {
        return null;
    }
}
