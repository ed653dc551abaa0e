package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.TenantId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void adminHoldsEveryPermission() {
        assertThat(Role.ADMIN.permissions()).containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    void auditorReadsEverythingAndChangesNothing() {
        assertThat(Role.AUDITOR.permissions())
                .contains(Permission.AUDIT_READ, Permission.TOKENS_READ, Permission.OPERATORS_READ)
                .doesNotContain(Permission.OPERATORS_MANAGE, Permission.TOKENS_MANAGE, Permission.TENANTS_MANAGE);
    }

    @Test
    void viewerCannotReadTheAuditLogOrOtherOperators() {
        assertThat(Role.VIEWER.permits(Permission.AUDIT_READ)).isFalse();
        assertThat(Role.VIEWER.permits(Permission.OPERATORS_READ)).isFalse();
    }

    @Test
    void aRoleIsWithinAnotherOnlyIfItGrantsNothingMore() {
        assertThat(Role.VIEWER.isWithin(Role.AUDITOR)).isTrue();
        assertThat(Role.AUDITOR.isWithin(Role.SECURITY_ENGINEER)).isFalse();
        assertThat(Role.RELEASE_MANAGER.isWithin(Role.SECURITY_ENGINEER)).isTrue();
        assertThat(Role.ADMIN.isWithin(Role.AUDITOR)).isFalse();
        for (Role role : Role.values()) {
            assertThat(role.isWithin(Role.ADMIN)).isTrue();
            assertThat(role.isWithin(role)).isTrue();
        }
    }

    @Test
    void wireNamesRoundTripAndUnknownNamesAreRefusedWithTheValidOnes() {
        for (Role role : Role.values()) {
            assertThat(Role.fromWireName(role.wireName())).isEqualTo(role);
        }
        assertThat(Role.SECURITY_ENGINEER.wireName()).isEqualTo("security-engineer");
        assertThatThrownBy(() -> Role.fromWireName("root")).hasMessageContaining("admin, security-engineer");
    }

    @Test
    void managingTenantsNeedsAnAdministratorOfThePlatformTenant() {
        Caller platformAdmin = caller(Role.ADMIN, true);
        Caller tenantAdmin = caller(Role.ADMIN, false);

        assertThat(platformAdmin.can(Permission.TENANTS_MANAGE)).isTrue();
        assertThat(tenantAdmin.can(Permission.TENANTS_MANAGE)).isFalse();
        assertThat(tenantAdmin.can(Permission.OPERATORS_MANAGE)).isTrue();
        assertThat(caller(Role.AUDITOR, true).can(Permission.TENANTS_MANAGE)).isFalse();
    }

    private static Caller caller(Role role, boolean platform) {
        return new Caller(
                TenantId.random(),
                platform,
                new OperatorId(UUID.randomUUID()),
                "someone",
                new ApiTokenId(UUID.randomUUID()),
                role,
                "request-1");
    }
}
