package dev.palisade.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.FileSystemUtils;

/**
 * A fresh SoftHSM2 token for one test class, initialised with {@code softhsm2-util} in {@code target/softhsm}.
 *
 * <p>SoftHSM2 reads its configuration ({@code SOFTHSM2_CONF}, set for surefire and failsafe in server/pom.xml) and
 * scans its token directory once, when a process first loads the module, and the JDK loads a module path only once
 * per JVM. A token initialised after that is invisible to the module already loaded, so each token here is used
 * through a copy of the module of its own, which the JDK loads as a separate module that sees every token initialised
 * so far. {@link #reloaded()} does the same for an existing token: a newly loaded module that reads the token from
 * disk and is not logged in yet, as a restarted server would find it. A server has one token and one module; none of
 * this applies there.
 *
 * @param library the module copy through which to use this token
 * @param slot the slot id {@code softhsm2-util} reported for the token
 * @param label the token's label, unique per test run and class
 * @param pin the token's user PIN
 */
public record SoftHsmToken(Path library, long slot, String label, String pin) {

    private static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String USER_PIN = "test-user-pin-2718";
    private static final String SO_PIN = "test-so-pin-3141";
    private static final Pattern ASSIGNED_SLOT = Pattern.compile("reassigned to slot (\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger MODULE_COPIES = new AtomicInteger();
    private static boolean prepared;

    /** Initialises a new token labelled after {@code testClass}; the first call also writes SoftHSM2's config. */
    public static synchronized SoftHsmToken initialise(Class<?> testClass) {
        Path config = prepareConfiguration();
        String label = label(testClass);
        String output = run(
                config,
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                label,
                "--pin",
                USER_PIN,
                "--so-pin",
                SO_PIN);
        Matcher slot = ASSIGNED_SLOT.matcher(output);
        if (!slot.find()) {
            throw new IllegalStateException("softhsm2-util did not report the new token's slot:\n" + output);
        }
        return new SoftHsmToken(copyOfModule(config, label), Long.parseLong(slot.group(1)), label, USER_PIN);
    }

    /** The same token through a newly loaded module: read from disk, not logged in. */
    public SoftHsmToken reloaded() {
        return new SoftHsmToken(copyOfModule(configuration(), label), slot, label, pin);
    }

    /** Settings that open this token with its PIN. */
    public Pkcs11Settings settings() {
        return new Pkcs11Settings(library, slot, null, null, pin);
    }

    /** Settings that open this token with {@code givenPin}, right or wrong. */
    public Pkcs11Settings settingsWithPin(String givenPin) {
        return new Pkcs11Settings(library, slot, null, null, givenPin);
    }

    /** Settings that read the PIN from {@code pinFile}. */
    public Pkcs11Settings settingsWithPinFile(Path pinFile) {
        return new Pkcs11Settings(library, slot, null, pinFile, null);
    }

    /**
     * Writes the configuration and an empty token directory once per JVM, before any module is loaded: what earlier
     * runs left behind is removed so that each run's modules only scan its own tokens.
     */
    private static Path prepareConfiguration() {
        Path config = configuration();
        if (prepared) {
            return config;
        }
        Path tokens = config.toAbsolutePath().resolveSibling("tokens");
        try {
            FileSystemUtils.deleteRecursively(tokens);
            FileSystemUtils.deleteRecursively(modules(config));
            Files.createDirectories(tokens);
            Files.writeString(
                    config,
                    "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare SoftHSM2 beside " + config, e);
        }
        prepared = true;
        return config;
    }

    private static Path configuration() {
        String config = System.getenv("SOFTHSM2_CONF");
        if (config == null || config.isBlank()) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the PKCS#11 tests through Maven "
                    + "(server/pom.xml sets it for surefire and failsafe), or set it to a writable file path");
        }
        return Path.of(config);
    }

    /** Class name plus random hex: at most the 32 characters a PKCS#11 token label holds. */
    private static String label(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT);
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return name.substring(0, Math.min(name.length(), 23)) + "-"
                + HexFormat.of().formatHex(random);
    }

    private static Path copyOfModule(Path config, String label) {
        Path copy = modules(config).resolve(label + "-" + MODULE_COPIES.incrementAndGet() + ".so");
        try {
            Files.createDirectories(modules(config));
            Files.copy(MODULE, copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the SoftHSM2 module " + MODULE + " (install softhsm2)", e);
        }
    }

    private static Path modules(Path config) {
        return config.toAbsolutePath().resolveSibling("modules");
    }

    private static String run(Path config, String... command) {
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SOFTHSM2_CONF", config.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0] + " (install softhsm2; .ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }
}
