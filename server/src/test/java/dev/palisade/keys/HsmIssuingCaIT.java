package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.EmbeddedPostgres;
import dev.palisade.storage.Ownership;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.ServerProcess;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer.TestTenant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The real server (the packaged binary) with {@code palisade.keys.backend=pkcs11} on a SoftHSM2 token, configured
 * through the environment as docs/keys-pkcs11.md shows: a tenant's issuing-CA key is made in the token, never leaves
 * it, survives a restart, and a wrong PIN stops the server before it changes anything.
 *
 * <p>The tests run in order on one server and one data directory, as an installation lives: first start and
 * issuance, a restart, then a start with the wrong PIN. The server is a separate process with a module and a token of
 * its own; this JVM looks into the token through a newly loaded module each time (see {@link SoftHsmToken}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HsmIssuingCaIT {

    private static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Duration READY = Duration.ofSeconds(90);
    private static final String DEVICE = "meter-0042";
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    private static SoftHsmToken token;
    private static Path dataDir;
    private static ServerProcess server;
    private static TestTenant tenant;
    private static TenantPki pki;
    private static JsonNode ca;
    private static String caAlias;
    private static Credential issuedBeforeRestart;

    @BeforeAll
    static void startServerOnTokenAndIssueADeviceCertificate() throws Exception {
        token = SoftHsmToken.initialise(HsmIssuingCaIT.class);
        dataDir = Files.createTempDirectory(Path.of("target"), "hsm-it-").toAbsolutePath();
        // Outside the data directory, as the docs recommend: a copy of the data directory must not open the token.
        Path pinFile = dataDir.resolveSibling(dataDir.getFileName() + "-hsm.pin");
        SecretFiles.writeString(pinFile, token.pin() + "\n");
        server = ServerProcess.start(
                        dataDir, tokenEnvironment(Map.of("PALISADE_KEYS_PKCS11_PIN_FILE", pinFile.toString())))
                .awaitReady(READY);
        tenant = newTenant(server.api());
        pki = new TenantPki(server.api(), tenant);

        pki.register(DEVICE);
        issuedBeforeRestart = pki.issue(DEVICE, "device");

        List<JsonNode> authorities = pki.authorities();
        assertThat(authorities).hasSize(1);
        ca = authorities.getFirst();
        caAlias =
                "tenant/" + tenant.id() + "/issuing-ca/" + ca.path("generation").asInt();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theIssuingCaKeyIsAnUnextractableKeyInTheTokenAndInNoKeystore() throws Exception {
        KeyStore tokenContents = tokenContents();
        Key key = tokenContents.getKey(caAlias, null);

        assertThat(ca.path("status").asString()).isEqualTo("active");
        assertThat(tokenContents.isKeyEntry(caAlias)).isTrue();
        assertThat(key).isInstanceOf(PrivateKey.class);
        assertThat(key.getEncoded())
                .as("the token does not reveal the key's value")
                .isNull();
        // SunPKCS11 describes a key with the attributes it read from the token (CKA_TOKEN, CKA_SENSITIVE,
        // CKA_EXTRACTABLE)
        assertThat(key.toString()).contains("token object, sensitive, unextractable");
        assertThat(keystoreAliases(
                        dataDir.resolve("keys/palisade-keys.p12"), dataDir.resolve("secrets/keystore.password")))
                .as("the data directory's keystore holds the audit key only")
                .containsExactly("audit-checkpoint");
        // The automatic ceremony keeps the offline root in a keystore of its own, never in the server's token.
        assertThat(keystoreAliases(
                        dataDir.resolve("offline-root/root.p12"), dataDir.resolve("offline-root/root.password")))
                .containsExactly("offline-root");
        assertThat(Collections.list(tokenContents.aliases())).doesNotContain("offline-root");
    }

    @Test
    @Order(2)
    void aDeviceCertificateVerifiesWithTheCaWhosePublicKeyIsTheTokensKey() throws Exception {
        X509Certificate caCertificate = caCertificate();
        PublicKey tokenKey = tokenContents().getCertificate(caAlias).getPublicKey();
        X509Certificate root = PemText.parseCertificates(Files.readString(
                        dataDir.resolve("offline-root/root-certificate.pem"), StandardCharsets.US_ASCII))
                .getFirst();

        X509Certificate device = issuedBeforeRestart.chain().getFirst();

        assertThat(caCertificate.getPublicKey().getEncoded()).isEqualTo(tokenKey.getEncoded());
        assertThat(issuedBeforeRestart.chain().get(1)).isEqualTo(caCertificate);
        assertThat(device.getIssuerX500Principal()).isEqualTo(caCertificate.getSubjectX500Principal());
        assertThatCode(() -> device.verify(tokenKey)).doesNotThrowAnyException();
        assertThatCode(() -> caCertificate.verify(root.getPublicKey())).doesNotThrowAnyException();
    }

    @Test
    @Order(3)
    void afterARestartTheSameCaIssuesWithTheSameKeyFromTheToken() throws Exception {
        List<String> tokenAliasesBefore = tokenAliases();
        X509Certificate caCertificate = caCertificate();
        server.stop();
        server.restart().awaitReady(READY);

        Credential issuedAfterRestart = pki.issue(DEVICE, "device");

        X509Certificate device = issuedAfterRestart.chain().getFirst();
        assertThat(pki.authorities()).singleElement().satisfies(after -> {
            assertThat(after.path("id").asString()).isEqualTo(ca.path("id").asString());
            assertThat(after.path("status").asString()).isEqualTo("active");
        });
        assertThat(issuedAfterRestart.chain().get(1)).isEqualTo(caCertificate);
        assertThat(device.getSerialNumber())
                .isNotEqualTo(issuedBeforeRestart.chain().getFirst().getSerialNumber());
        PublicKey tokenKey = tokenContents().getCertificate(caAlias).getPublicKey();
        assertThatCode(() -> device.verify(tokenKey)).doesNotThrowAnyException();
        assertThat(tokenAliases()).as("no new key in the token").isEqualTo(tokenAliasesBefore);
    }

    @Test
    @Order(4)
    void neitherDatabaseNorLogNorApiRevealsThePinOrAnyPrivateKey() throws Exception {
        List<String> forbidden = whatMustNeverShowUp();
        String database = databaseText();
        String log = server.output();

        ApiResponse shown = server.api().get("/api/v1/ca/" + ca.path("id").asString(), tenant.adminToken());

        assertThat(database).as("the dump holds the CA").contains(caAlias);
        assertThat(Pattern.compile("Key custody: PKCS#11 token").matcher(log).results())
                .as("the log covers both starts")
                .hasSize(2);
        for (String text : forbidden) {
            assertThat(database).doesNotContain(text);
            assertThat(log).doesNotContain(text);
            assertThat(shown.rawBody()).doesNotContain(text);
        }
        assertThat(shown.body().propertyNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "generation",
                        "commonName",
                        "status",
                        "keyAlgorithm",
                        "createdAt",
                        "notAfter",
                        "certificate");
    }

    @Test
    @Order(5)
    void aWrongPinStopsTheStartWithAMessageNamingTheSettingAndChangesNothing() throws Exception {
        server.stop();
        String wrongPin = "wrong-" + token.pin();
        Map<String, String> filesBefore = dataDirectoryFiles();
        String databaseBefore = databaseText();
        List<String> tokenAliasesBefore = tokenAliases();

        ServerProcess.Completed refused = ServerProcess.run(
                Duration.ofMinutes(2),
                tokenEnvironment(Map.of("PALISADE_KEYS_PKCS11_PIN", wrongPin)),
                ServerProcess.serveArguments(dataDir));

        List<String> lines = refused.output().strip().lines().toList();
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(lines.getLast())
                .startsWith("palisade: the PKCS#11 token in slot " + token.slot())
                .contains("refused the user PIN (CKR_PIN_INCORRECT)")
                .contains("palisade.keys.pkcs11.pin-file or PALISADE_KEYS_PKCS11_PIN");
        assertThat(refused.output()).doesNotContain(wrongPin);
        assertThat(dataDirectoryFiles()).isEqualTo(filesBefore);
        assertThat(databaseText()).isEqualTo(databaseBefore);
        assertThat(tokenAliases()).isEqualTo(tokenAliasesBefore);
    }

    /** The documented environment of a server on the test's token, plus how it gets the PIN. */
    private static Map<String, String> tokenEnvironment(Map<String, String> pin) {
        var environment = new TreeMap<String, String>(pin);
        environment.put("PALISADE_KEYS_BACKEND", "pkcs11");
        environment.put("PALISADE_KEYS_PKCS11_LIBRARY", MODULE.toString());
        environment.put("PALISADE_KEYS_PKCS11_SLOT", Long.toString(token.slot()));
        return environment;
    }

    private static TestTenant newTenant(TestApi api) {
        String slug = "hsm-" + UUID.randomUUID().toString().substring(0, 8);
        String platformToken = SecretFiles.readString(dataDir.resolve("secrets/admin-token"));
        ApiResponse created = api.post("/api/v1/tenants", platformToken, Map.of("slug", slug, "displayName", slug));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return new TestTenant(
                created.body().path("tenant").path("id").asString(),
                slug,
                created.body().path("admin").path("id").asString(),
                created.body().path("adminToken").path("secret").asString());
    }

    private static X509Certificate caCertificate() {
        return PemText.parseCertificates(ca.path("certificate").asString()).getFirst();
    }

    /** The token as a newly started process finds it, logged in with the user PIN. */
    private static KeyStore tokenContents() throws Exception {
        SoftHsmToken reloaded = token.reloaded();
        Provider provider = Security.getProvider("SunPKCS11")
                .configure("--name = hsm-it-" + PROVIDERS.incrementAndGet() + "\nlibrary = \"" + reloaded.library()
                        + "\"\nslot = " + reloaded.slot() + "\n");
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, reloaded.pin().toCharArray());
        return store;
    }

    private static List<String> tokenAliases() throws Exception {
        return Collections.list(tokenContents().aliases()).stream().sorted().toList();
    }

    private static KeyStore keystore(Path file, Path passwordFile) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, SecretFiles.readString(passwordFile).toCharArray());
        }
        return store;
    }

    private static List<String> keystoreAliases(Path file, Path passwordFile) throws Exception {
        return Collections.list(keystore(file, passwordFile).aliases());
    }

    /**
     * What must never show up in the database, the log or the API: the token's PIN, the keystore passphrases, PEM
     * private keys, and every private key outside the token (the audit key, the automatic ceremony's root) in hex or
     * Base64, whole (PKCS#8) and as its bare secret value. The issuing-CA key has no value to look for: the token never
     * reveals it.
     */
    private static List<String> whatMustNeverShowUp() throws Exception {
        List<String> forbidden = new ArrayList<>(List.of(token.pin(), "PRIVATE KEY"));
        Map<Path, Path> keystores = Map.of(
                dataDir.resolve("keys/palisade-keys.p12"), dataDir.resolve("secrets/keystore.password"),
                dataDir.resolve("offline-root/root.p12"), dataDir.resolve("offline-root/root.password"));
        for (var keystoreFile : keystores.entrySet()) {
            String password = SecretFiles.readString(keystoreFile.getValue());
            forbidden.add(password);
            KeyStore keystore = keystore(keystoreFile.getKey(), keystoreFile.getValue());
            for (String alias : Collections.list(keystore.aliases())) {
                var key = (PrivateKey) keystore.getKey(alias, password.toCharArray());
                forbidden.addAll(textForms(key.getEncoded()));
                forbidden.addAll(textForms(secretValue(key)));
            }
        }
        return forbidden;
    }

    private static byte[] secretValue(PrivateKey key) {
        return switch (key) {
            case EdECPrivateKey edwards -> edwards.getBytes().orElseThrow();
            case ECPrivateKey ec ->
                BigIntegers.asUnsignedByteArray((ec.getParams().getOrder().bitLength() + 7) / 8, ec.getS());
            default -> throw new IllegalStateException("unexpected key type " + key.getAlgorithm());
        };
    }

    private static List<String> textForms(byte[] value) {
        String hex = HexFormat.of().formatHex(value);
        return List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(value));
    }

    /**
     * Every row of every table as PostgreSQL prints it, read as the superuser so that row-level security hides
     * nothing: what a {@code pg_dump} holds, in a stable order. Attaches to the server's PostgreSQL, or starts it (and
     * stops it again) when the server is not running.
     */
    private static String databaseText() throws Exception {
        var text = new StringBuilder();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(
                        dataDir.resolve("postgres"), dataDir.resolve("secrets"), Ownership.SHARE);
                Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl(),
                        postgres.superuser().username(),
                        postgres.superuser().password());
                Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery(
                    "select tablename from pg_tables where schemaname = 'public' order by tablename")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            assertThat(tables).contains("certificate_authority");
            for (String table : tables) {
                text.append("-- ").append(table).append('\n');
                try (ResultSet rows =
                        statement.executeQuery("select t::text from public.\"" + table + "\" t order by 1")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /**
     * SHA-256 of every file in the data directory but PostgreSQL's, whose files change with each start of the
     * database itself; {@link #databaseText} compares its content instead.
     */
    private static Map<String, String> dataDirectoryFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                Path relative = dataDir.relativize(file);
                if (!relative.startsWith("postgres")) {
                    files.put(relative.toString(), sha256(file));
                }
            }
        }
        return files;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
