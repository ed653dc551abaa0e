package dev.palisade.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.ApiTokenId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    private final TenantId tenant = TenantId.random();
    private final ApiTokenId id = new ApiTokenId(UUID.randomUUID());

    @Test
    void aGeneratedTokenParsesBackToItsTenantIdAndSecret() {
        TokenSecrets.Generated generated = TokenSecrets.generate(tenant, id);

        var parsed = TokenSecrets.parse(generated.token()).orElseThrow();

        assertThat(generated.token()).startsWith("pal_").hasSize(91);
        assertThat(parsed.tenant()).isEqualTo(tenant);
        assertThat(parsed.token()).isEqualTo(id);
        assertThat(TokenSecrets.matches(generated.hash(), id, parsed.secret())).isTrue();
    }

    @Test
    void twoTokensForTheSameIdsHaveDifferentSecrets() {
        assertThat(TokenSecrets.generate(tenant, id).token())
                .isNotEqualTo(TokenSecrets.generate(tenant, id).token());
    }

    @Test
    void aChangedSecretOrAnotherTokenIdDoesNotMatchTheStoredHash() {
        TokenSecrets.Generated generated = TokenSecrets.generate(tenant, id);
        var parsed = TokenSecrets.parse(generated.token()).orElseThrow();
        byte[] changed = parsed.secret().clone();
        changed[0] ^= 1;

        assertThat(TokenSecrets.matches(generated.hash(), id, changed)).isFalse();
        assertThat(TokenSecrets.matches(generated.hash(), new ApiTokenId(UUID.randomUUID()), parsed.secret()))
                .isFalse();
    }

    @Test
    void anythingThatIsNotATokenIsRefused() {
        String token = TokenSecrets.generate(tenant, id).token();

        assertThat(TokenSecrets.parse("")).isEmpty();
        assertThat(TokenSecrets.parse("Bearer " + token)).isEmpty();
        assertThat(TokenSecrets.parse(token + "x")).isEmpty();
        assertThat(TokenSecrets.parse(token.substring(1))).isEmpty();
        assertThat(TokenSecrets.parse(token.replace('_', '.'))).isEmpty();
        assertThat(TokenSecrets.parse("pal_" + "*".repeat(43) + "_" + "A".repeat(43)))
                .isEmpty();
    }

    @Test
    void theGeneratedValueNeverPrintsItsSecret() {
        TokenSecrets.Generated generated = TokenSecrets.generate(tenant, id);

        assertThat(generated.toString()).doesNotContain(generated.token().substring(48));
    }
}
