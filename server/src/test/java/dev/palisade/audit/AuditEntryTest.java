package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.TenantId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    private static final Actor ACTOR = Actor.system("test");

    @Test
    void actionsAreDottedLowerCaseWords() {
        assertThat(AuditEntry.succeeded(TenantId.random(), ACTOR, "token.created", "token:1", "r")
                        .action())
                .isEqualTo("token.created");
        for (String bad : new String[] {"created", "Token.Created", "token.", "token created"}) {
            assertThatThrownBy(() -> AuditEntry.succeeded(TenantId.random(), ACTOR, bad, "token:1", "r"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void textFieldsRefuseControlCharactersThatCouldForgeLogLines() {
        assertThatThrownBy(() -> AuditEntry.succeeded(TenantId.random(), ACTOR, "token.created", "token:1\nx", "r"))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Actor(Actor.ActorKind.OPERATOR, "id", "name\u0000"))
                .hasMessageContaining("control characters");
    }

    @Test
    void detailsAreBounded() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            many.put("k" + i, "v");
        }
        AuditEntry entry = AuditEntry.succeeded(TenantId.random(), ACTOR, "token.created", "token:1", "r");

        assertThatThrownBy(() -> entry.withDetails(many)).hasMessageContaining("at most 32");
        assertThatThrownBy(() -> entry.withDetails(Map.of("k", "x".repeat(1001))))
                .hasMessageContaining("1000");
    }
}
