package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseProvisionerTest {

    @Test
    void quotesIdentifiersSoThatNoNameCanEndTheStatement() {
        assertThat(DatabaseProvisioner.identifier("palisade_app")).isEqualTo("\"palisade_app\"");
        assertThat(DatabaseProvisioner.identifier("a\"; DROP ROLE x; --")).isEqualTo("\"a\"\"; DROP ROLE x; --\"");
    }

    @Test
    void appRoleCannotBypassRowLevelSecurityNorInheritPrivileges() {
        assertThat(DatabaseProvisioner.APP_ATTRIBUTES).contains("NOBYPASSRLS", "NOSUPERUSER", "NOINHERIT");
        assertThat(DatabaseProvisioner.OWNER_ATTRIBUTES).contains("NOBYPASSRLS", "NOSUPERUSER", "NOCREATEROLE");
    }
}
