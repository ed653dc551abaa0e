package dev.palisade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the binary. */
final class Versions implements IVersionProvider {

    static String version() {
        Properties build = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException unreadable) {
            return "unknown";
        }
        return build.getProperty("build.version", "development");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"palisade " + version(), "Java " + Runtime.version()};
    }
}
