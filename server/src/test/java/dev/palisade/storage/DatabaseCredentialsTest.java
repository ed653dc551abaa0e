package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseCredentialsTest {

    @Test
    void toStringNamesTheRoleButNotThePassword() {
        var credentials = new DatabaseCredentials("palisade_app", "s3cret-value");

        assertThat(credentials.toString()).contains("palisade_app").doesNotContain("s3cret-value");
    }

    @Test
    void refusesBlankUsernameAndEmptyPassword() {
        assertThatThrownBy(() -> new DatabaseCredentials(" ", "password")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseCredentials("palisade_app", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
