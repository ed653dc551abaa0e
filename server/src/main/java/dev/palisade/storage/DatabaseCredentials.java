package dev.palisade.storage;

/**
 * A PostgreSQL role and its password. {@link #toString()} hides the password so that credentials can be logged or
 * shown in an exception without leaking it.
 */
public record DatabaseCredentials(String username, String password) {

    public DatabaseCredentials {
        if (username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty for role " + username);
        }
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[username=" + username + ", password=***]";
    }
}
