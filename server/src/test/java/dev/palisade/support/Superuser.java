package dev.palisade.support;

import dev.palisade.shared.SecretFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A PostgreSQL superuser connection to the test installation's database, for tests that play an attacker with
 * database access or make time pass. The application itself never connects this way.
 */
public final class Superuser {

    private Superuser() {}

    public static Connection connect(DataSource applicationDataSource, Path dataDir) throws SQLException {
        String url;
        try (Connection app = applicationDataSource.getConnection()) {
            url = app.getMetaData().getURL();
        }
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty(
                "password", SecretFiles.readString(dataDir.resolve("secrets").resolve("db-superuser.password")));
        return DriverManager.getConnection(url, properties);
    }
}
