package dev.palisade.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.api.ApiSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class AuthenticationFailuresTest {

    private final AuthenticationFailures failures =
            new AuthenticationFailures(new ApiSettings(8443, "0.0.0.0", DataSize.ofKilobytes(64), 3, null, null));

    @Test
    void anAddressIsBlockedOnceItHasUsedUpItsFailures() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.blocked("10.0.0.1")).isFalse();
            failures.recordFailure("10.0.0.1");
        }

        assertThat(failures.blocked("10.0.0.1")).isTrue();
        assertThat(failures.secondsUntilRetry("10.0.0.1")).isBetween(1L, 60L);
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 3; i++) {
            failures.recordFailure("10.0.0.1");
        }

        assertThat(failures.blocked("10.0.0.2")).isFalse();
        assertThat(failures.secondsUntilRetry("10.0.0.2")).isZero();
    }

    @Test
    void permissionNamesReadAsOperatorsSeeThem() {
        assertThat(PermissionNames.of(dev.palisade.tenancy.Permission.TOKENS_MANAGE))
                .isEqualTo("tokens:manage");
        assertThat(PermissionNames.of(dev.palisade.tenancy.Permission.TENANT_READ))
                .isEqualTo("tenant:read");
    }
}
