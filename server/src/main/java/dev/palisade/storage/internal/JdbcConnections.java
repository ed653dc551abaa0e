package dev.palisade.storage.internal;

import dev.palisade.storage.DatabaseCredentials;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens connections to the embedded PostgreSQL for its own housekeeping (readiness checks, role provisioning). */
public final class JdbcConnections {

    private JdbcConnections() {}

    /** The JDBC URL of {@code database} on the embedded server listening on {@code port}. */
    public static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Connects as {@code credentials}, giving up after {@code timeout}. TLS is not attempted: the connection never
     * leaves the loopback interface, and the embedded server has no certificate.
     */
    public static Connection open(int port, String database, DatabaseCredentials credentials, Duration timeout)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("sslmode", "disable");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        properties.setProperty("ApplicationName", "palisade-embedded-postgres");
        // The driver directly rather than DriverManager: no dependence on which class loader registered it.
        Connection connection = new Driver().connect(url(port, database), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + url(port, database));
        }
        return connection;
    }
}
