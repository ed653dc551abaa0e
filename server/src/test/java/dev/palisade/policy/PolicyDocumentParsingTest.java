package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.Test;

class PolicyDocumentParsingTest {

    private static final String EXAMPLE = """
            {"description": "meters",
             "statements": [
              {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/#"]},
              {"effect": "Deny", "actions": ["subscribe", "receive"], "resources": ["devices/${device.id}/secrets/#"],
               "description": "never"}
            ]}
            """;

    @Test
    void readsEffectsActionsResourcesAndDescriptions() {
        PolicyDocument document = PolicyDocument.parse(EXAMPLE);

        assertThat(document.description()).isEqualTo("meters");
        assertThat(document.statements()).hasSize(2);
        PolicyStatement deny = document.statements().get(1);
        assertThat(deny.effect()).isEqualTo(Effect.DENY);
        assertThat(deny.actions()).containsExactly(Action.SUBSCRIBE, Action.RECEIVE);
        assertThat(deny.resources())
                .extracting(ResourcePattern::text)
                .containsExactly("devices/${device.id}/secrets/#");
        assertThat(deny.description()).isEqualTo("never");
    }

    @Test
    void survivesARoundTripThroughJson() {
        PolicyDocument document = PolicyDocument.parse(EXAMPLE);

        assertThat(PolicyDocument.parse(document.toJson())).isEqualTo(document);
    }

    @Test
    void unknownActionIsReportedWithItsPosition() {
        String json = """
                {"statements": [
                  {"effect": "Allow", "actions": ["publish"], "resources": ["a"]},
                  {"effect": "Allow",
                   "actions": ["publish", "delete"], "resources": ["a"]}]}
                """;

        assertRefusal(json)
                .returns("policy.document.unknown-action", PolicyDocumentException::code)
                .returns("/statements/1/actions/1", PolicyDocumentException::pointer)
                .returns(OptionalInt.of(4), PolicyDocumentException::line)
                .returns(OptionalInt.of(27), PolicyDocumentException::column);
    }

    @Test
    void unknownEffectIsRefusedEvenInAnotherCase() {
        assertRefusal(Policies.document(Policies.statement("allow", "publish", "a")))
                .returns(PolicyDocumentError.UNKNOWN_EFFECT, PolicyDocumentException::error)
                .returns("/statements/0/effect", PolicyDocumentException::pointer);
    }

    @Test
    void unknownMembersAreRefusedRatherThanIgnored() {
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"action\": [\"publish\"]}]}")
                .returns(PolicyDocumentError.UNKNOWN_FIELD, PolicyDocumentException::error)
                .returns("/statements/0/action", PolicyDocumentException::pointer);
        assertRefusal("{\"version\": 2, \"statements\": []}")
                .returns(PolicyDocumentError.UNKNOWN_FIELD, PolicyDocumentException::error)
                .returns("/version", PolicyDocumentException::pointer);
    }

    @Test
    void memberNamesInPointersAreEscaped() {
        assertRefusal("{\"a/b~c\": 1}").returns("/a~1b~0c", PolicyDocumentException::pointer);
    }

    @Test
    void aMemberGivenTwiceIsRefused() {
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"effect\": \"Deny\"}]}")
                .returns(PolicyDocumentError.DUPLICATE_FIELD, PolicyDocumentException::error)
                .returns("/statements/0/effect", PolicyDocumentException::pointer);
    }

    @Test
    void missingMembersAreNamed() {
        assertRefusal("{}")
                .returns(PolicyDocumentError.MISSING_FIELD, PolicyDocumentException::error)
                .returns("/statements", PolicyDocumentException::pointer);
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publish\"]}]}")
                .returns(PolicyDocumentError.MISSING_FIELD, PolicyDocumentException::error)
                .returns("/statements/0/resources", PolicyDocumentException::pointer);
    }

    @Test
    void emptyListsAreRefused() {
        assertRefusal("{\"statements\": []}")
                .returns(PolicyDocumentError.NO_STATEMENTS, PolicyDocumentException::error);
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"actions\": [], \"resources\": [\"a\"]}]}")
                .returns(PolicyDocumentError.NO_ACTIONS, PolicyDocumentException::error)
                .returns("/statements/0/actions", PolicyDocumentException::pointer);
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publish\"], \"resources\": []}]}")
                .returns(PolicyDocumentError.NO_RESOURCES, PolicyDocumentException::error)
                .returns("/statements/0/resources", PolicyDocumentException::pointer);
    }

    @Test
    void duplicateActionsAndResourcesAreRefused() {
        assertRefusal(Policies.document(Policies.allow("publish,publish", "a")))
                .returns(PolicyDocumentError.DUPLICATE_ACTION, PolicyDocumentException::error)
                .returns("/statements/0/actions/1", PolicyDocumentException::pointer);
        assertRefusal(Policies.document(Policies.allow("publish", "a", "b", "a")))
                .returns(PolicyDocumentError.DUPLICATE_RESOURCE, PolicyDocumentException::error)
                .returns("/statements/0/resources/2", PolicyDocumentException::pointer);
    }

    @Test
    void connectCannotShareAStatementWithTopicActions() {
        assertRefusal(Policies.document(Policies.allow("publish,connect", "a")))
                .returns(PolicyDocumentError.MIXED_RESOURCE_KINDS, PolicyDocumentException::error)
                .returns("/statements/0/actions/1", PolicyDocumentException::pointer);
    }

    @Test
    void valuesOfTheWrongTypeAreRefused() {
        assertRefusal("[]").returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error);
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"actions\": \"publish\", \"resources\": [\"a\"]}]}")
                .returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error)
                .returns("/statements/0/actions", PolicyDocumentException::pointer);
        assertRefusal("{\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publish\"], \"resources\": [7]}]}")
                .returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error)
                .returns("/statements/0/resources/0", PolicyDocumentException::pointer);
        assertRefusal("{\"description\": null, \"statements\": []}")
                .returns(PolicyDocumentError.WRONG_TYPE, PolicyDocumentException::error)
                .returns("/description", PolicyDocumentException::pointer);
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn() {
        assertRefusal("{\"statements\": [\n  {\"effect\": \"Allow\",, }]}")
                .returns(PolicyDocumentError.MALFORMED_JSON, PolicyDocumentException::error)
                .returns(OptionalInt.of(2), PolicyDocumentException::line)
                .returns(OptionalInt.of(22), PolicyDocumentException::column);
    }

    @Test
    void contentAfterTheDocumentIsRefused() {
        assertRefusal(Policies.document(Policies.allow("publish", "a")) + " {}")
                .returns(PolicyDocumentError.MALFORMED_JSON, PolicyDocumentException::error);
    }

    @Test
    void emptyTextIsRefused() {
        assertRefusal("  \n").returns(PolicyDocumentError.EMPTY, PolicyDocumentException::error);
    }

    @Test
    void documentsOverTheByteLimitAreRefusedCountingUtf8() {
        // 22,000 characters of 3 bytes each: short in chars, too long in bytes
        String description = "€".repeat(22_000);

        assertRefusal("{\"description\": \"" + description + "\", \"statements\": []}")
                .returns(PolicyDocumentError.TOO_LARGE, PolicyDocumentException::error);
    }

    @Test
    void moreThanTheStatementLimitIsRefusedAtTheFirstExtraStatement() {
        String[] statements = new String[PolicyLimits.MAX_STATEMENTS + 1];
        Arrays.fill(statements, Policies.allow("publish", "a"));

        assertRefusal(Policies.document(statements))
                .returns(PolicyDocumentError.TOO_MANY_STATEMENTS, PolicyDocumentException::error)
                .returns("/statements/100", PolicyDocumentException::pointer);
    }

    @Test
    void aDocumentAtTheStatementLimitIsAccepted() {
        String[] statements = new String[PolicyLimits.MAX_STATEMENTS];
        Arrays.fill(statements, Policies.allow("publish", "a"));

        assertThat(PolicyDocument.parse(Policies.document(statements)).statements())
                .hasSize(PolicyLimits.MAX_STATEMENTS);
    }

    @Test
    void moreThanTheResourceLimitIsRefused() {
        String[] resources = new String[PolicyLimits.MAX_RESOURCES_PER_STATEMENT + 1];
        for (int i = 0; i < resources.length; i++) {
            resources[i] = "topic/" + i;
        }

        assertRefusal(Policies.document(Policies.allow("publish", resources)))
                .returns(PolicyDocumentError.TOO_MANY_RESOURCES, PolicyDocumentException::error)
                .returns("/statements/0/resources/100", PolicyDocumentException::pointer);
    }

    @Test
    void overlongDescriptionsAreRefused() {
        assertRefusal("{\"description\": \"" + "x".repeat(1_025) + "\", \"statements\": []}")
                .returns(PolicyDocumentError.DESCRIPTION_TOO_LONG, PolicyDocumentException::error);
    }

    @Test
    void invalidPatternIsReportedWithItsPointerAndOffset() {
        assertRefusal(Policies.document(Policies.allow("publish", "a/b", "devices/#/x")))
                .returns(PolicyDocumentError.PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD, PolicyDocumentException::error)
                .returns("/statements/0/resources/1", PolicyDocumentException::pointer)
                .returns(OptionalInt.of(8), PolicyDocumentException::patternOffset)
                .returns(OptionalInt.of(1), PolicyDocumentException::line);
    }

    @Test
    void patternsAreCheckedAgainstTheStatementsActionsWhicheverComesFirst() {
        String json =
                "{\"statements\": [{\"resources\": [\"a/b\"], \"effect\": \"Allow\", \"actions\": [\"connect\"]}]}";

        assertRefusal(json)
                .returns(PolicyDocumentError.PATTERN_INVALID_CLIENT_ID, PolicyDocumentException::error)
                .returns("/statements/0/resources/0", PolicyDocumentException::pointer)
                .returns(OptionalInt.of(1), PolicyDocumentException::patternOffset);
    }

    @Test
    void aNulInAPatternIsRefused() {
        assertRefusal(
                        "{\"statements\": [{\"effect\": \"Allow\", \"actions\": [\"publish\"], \"resources\": [\"a\\u0000b\"]}]}")
                .returns(PolicyDocumentError.PATTERN_NUL, PolicyDocumentException::error)
                .returns(OptionalInt.of(1), PolicyDocumentException::patternOffset);
    }

    @Test
    void statementsBuiltInCodeAreValidatedToo() {
        assertThatThrownBy(() -> new PolicyStatement(
                        Effect.ALLOW, List.of(Action.CONNECT), List.of(ResourcePattern.topic("a/b")), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyStatement.allow(List.of(Action.PUBLISH), "a/#/b"))
                .isInstanceOf(PolicyDocumentException.class);
    }

    private static ObjectAssert<PolicyDocumentException> assertRefusal(String json) {
        return assertThatThrownBy(() -> PolicyDocument.parse(json)).asInstanceOf(type(PolicyDocumentException.class));
    }
}
