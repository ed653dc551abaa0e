package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.OpenSsl;
import dev.palisade.support.PalisadeCli;
import dev.palisade.support.Superuser;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TenantPki.Issued;
import dev.palisade.support.WithServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificate issuance through the operator API with openssl as the device: openssl makes the keys and requests, and
 * openssl, an independent verifier, checks what Palisade signs. Refused requests change nothing.
 */
class CertificateIssuanceIT extends WithServer {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int URI_NAME = 6;

    @TempDir
    Path dir;

    private OpenSsl openssl;

    @BeforeEach
    void setUp() {
        openssl = new OpenSsl(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec:P-256", "ec:P-384", "rsa:3072"})
    void opensslRequestsGetCertificatesThatOpensslVerifiesUpToTheRoot(String key) throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("meter");
        String csr = openssl.request(key, "/CN=" + device, "device");
        String stateBefore = pki.state(device);
        long auditBefore = pki.auditSize();

        Issued issued = pki.certify(device, csr);

        openssl.write("root.pem", pki.rootPem());
        openssl.write("issuing.pem", issued.issuingPem());
        openssl.write("device.pem", issued.certificatePem());
        assertThat(openssl.ok(
                        "verify",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "-purpose",
                        "sslclient",
                        "device.pem"))
                .contains("device.pem: OK");
        assertThat(openssl.ok("x509", "-in", "device.pem", "-noout", "-pubkey"))
                .as("the certificate is for the key openssl made")
                .isEqualTo(openssl.ok("pkey", "-in", "device.key", "-pubout"));
        X509Certificate certificate = issued.certificate();
        assertThat(commonName(certificate)).isEqualTo(device);
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(List.of(URI_NAME, "spiffe://" + tenant.id() + ".palisade/device/" + device));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        String base = "http://localhost:" + httpPort();
        assertThat(openssl.ok("x509", "-in", "device.pem", "-noout", "-ext", "crlDistributionPoints"))
                .contains("URI:" + base + "/crl/" + issued.issuer() + ".crl");
        assertThat(openssl.ok("x509", "-in", "device.pem", "-noout", "-text"))
                .as("the delta CRL is named too (freshest CRL)")
                .contains("Freshest CRL")
                .contains("URI:" + base + "/crl/" + issued.issuer() + "-delta.crl");
        assertThat(openssl.ok("x509", "-in", "device.pem", "-noout", "-ocsp_uri")
                        .strip())
                .isEqualTo(base + "/ocsp/" + issued.issuer());
        assertThat(issued.serialNumber()).isEqualTo(certificate.getSerialNumber());
        assertThat(issued.chain()).hasSize(2);
        assertThat(openssl.ok("x509", "-in", "root.pem", "-noout", "-fingerprint", "-sha256"))
                .as("the chain ends in the root the API serves")
                .isEqualTo(fingerprint(issued.chain().get(1)));
        assertThat(stateBefore).isEqualTo("provisioned");
        assertThat(pki.state(device)).isEqualTo("active");
        assertThat(pki.auditRecordsFrom(auditBefore)).anySatisfy(record -> {
            assertThat(record.path("action").asString()).isEqualTo("certificate.issued");
            assertThat(record.path("target").asString())
                    .isEqualTo("certificate:" + issued.issuer() + "/" + issued.serial());
            assertThat(record.path("details").path("device").asString()).isEqualTo(device);
        });
    }

    @Test
    void serialsAreDistinctPositiveAndCarryFarMoreThan64RandomBits() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("serials");
        List<BigInteger> serials = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            serials.add(pki.certify(device, DeviceKeys.requestPem(device)).serialNumber());
        }

        assertThat(new HashSet<>(serials)).hasSize(serials.size());
        assertThat(serials).allSatisfy(serial -> {
            assertThat(serial.signum()).isPositive();
            // RFC 5280: at most 20 octets; CA/Browser Forum: at least 64 bits from a CSPRNG
            assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
            assertThat(serial.bitLength()).isGreaterThan(64);
        });
        // 40 draws of 159 random bits: the longest falls below 150 bits with probability 2^-360
        assertThat(serials.stream().mapToInt(BigInteger::bitLength).max().orElseThrow())
                .isGreaterThanOrEqualTo(150);
        assertThat(pki.serials(device)).hasSize(serials.size());
    }

    @Test
    void aNewTenantsFirstIssuanceUnderAnIdempotencyKeyIssuesOnceAndReplays() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("first");
        Map<String, String> body = Map.of("csr", DeviceKeys.requestPem(device));
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        ApiResponse first = pki.requestCertificate(device, body, key);
        long auditAfterFirst = pki.auditSize();
        ApiResponse replay = pki.requestCertificate(device, body, key);

        assertThat(first.status()).as(first.rawBody()).isEqualTo(201);
        assertThat(replay.status()).as(replay.rawBody()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.text("serial")).isEqualTo(first.text("serial"));
        assertThat(replay.text("certificate")).isEqualTo(first.text("certificate"));
        assertThat(pki.serials(device)).containsExactly(first.text("serial"));
        assertThat(pki.auditSize()).as("nothing recorded for the replay").isEqualTo(auditAfterFirst);
        assertThat(pki.state(device)).isEqualTo("active");
    }

    @Test
    void aDecommissionedDeviceGetsNothing() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("retired");
        pki.certify(device, DeviceKeys.requestPem(device)); // the tenant's CA exists; the device is active
        // no operation decommissions a device yet: the state is set underneath, as that later operation will
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement update =
                        superuser.prepareStatement("update device set state = 'decommissioned' where id = ?")) {
            update.setString(1, device);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        List<String> serials = pki.serials(device);
        long audit = pki.auditSize();

        ApiResponse refused = pki.requestCertificate(device, DeviceKeys.requestPem(device));

        assertThat(refused.status()).as(refused.rawBody()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("pki.device.decommissioned");
        assertThat(pki.serials(device)).isEqualTo(serials);
        assertThat(pki.auditSize()).isEqualTo(audit);
        assertThat(pki.state(device)).isEqualTo("decommissioned");
    }

    @Test
    void renewalIssuesTheNextCertificateOfTheSameProfileAndTheListShowsBoth() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("renewing");
        Issued bootstrap = Issued.of(pki.requestCertificate(
                device,
                Map.of("csr", DeviceKeys.requestPem(device), "profile", "bootstrap", "lifetime", "PT12H"),
                Map.of()));

        ApiResponse renewed = api.post(
                "/api/v1/certificates/" + bootstrap.issuer() + "/" + bootstrap.serial() + "/renew",
                tenant.adminToken(),
                Map.of("csr", DeviceKeys.requestPem(device)));
        ApiResponse shown = pki.certificate(bootstrap.issuer(), bootstrap.serial());

        Issued next = Issued.of(renewed);
        assertThat(next.serial()).isNotEqualTo(bootstrap.serial());
        assertThat(renewed.text("profile")).isEqualTo("bootstrap");
        assertThat(next.certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(URI_NAME, "spiffe://" + tenant.id() + ".palisade/bootstrap/" + device));
        Duration lifetime = Duration.between(
                bootstrap.certificate().getNotBefore().toInstant(),
                bootstrap.certificate().getNotAfter().toInstant());
        // the start is backdated a few minutes for devices whose clocks run behind
        assertThat(lifetime)
                .isBetween(Duration.ofHours(12), Duration.ofHours(12).plusMinutes(10));
        assertThat(pki.serials(device)).containsExactly(next.serial(), bootstrap.serial());
        assertThat(shown.text("certificate")).isEqualTo(bootstrap.certificatePem());
        assertThat(pki.state(device))
                .as("a bootstrap certificate does not make a device active")
                .isEqualTo("provisioned");
    }

    @Test
    void theCliIssuesACertificateFromAnOpensslRequestFile() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("cli");
        openssl.request("ec:P-256", "/CN=" + device, "device");
        Path token = Files.writeString(dir.resolve("token"), tenant.adminToken(), StandardCharsets.US_ASCII);
        var cli = new PalisadeCli(DATA_DIR, port, token);

        PalisadeCli.Run issue = cli.run(
                "cert",
                "issue",
                device,
                "--csr",
                dir.resolve("device.csr").toString(),
                "--out",
                dir.resolve("issued.pem").toString());
        PalisadeCli.Run list = cli.run("cert", "list", device);

        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.out()).contains(device).contains("Written to");
        openssl.write("root.pem", pki.rootPem());
        assertThat(openssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "issued.pem", "issued.pem"))
                .contains("issued.pem: OK");
        String serial = pki.serials(device).getFirst();
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(serial);
        String opensslSerial =
                openssl.ok("x509", "-in", "issued.pem", "-noout", "-serial").strip();
        assertThat(new BigInteger(opensslSerial.substring("serial=".length()), 16))
                .isEqualTo(new BigInteger(serial, 16));
    }

    /** A request that must be refused, with what the refusal must say. */
    record Refusal(String description, CsrMaker csr, int status, String code) {
        @Override
        public String toString() {
            return description;
        }
    }

    @FunctionalInterface
    interface CsrMaker {
        String make(OpenSsl openssl, String device) throws Exception;
    }

    static Stream<Arguments> brokenRequests() {
        return Stream.of(
                        new Refusal(
                                "PEM whose base64 is damaged",
                                (openssl, device) -> damagedBase64(DeviceKeys.requestPem(device)),
                                400,
                                "pki.csr.malformed"),
                        new Refusal(
                                "a request under the CERTIFICATE label",
                                (openssl, device) ->
                                        DeviceKeys.requestPem(device).replace("CERTIFICATE REQUEST", "CERTIFICATE"),
                                400,
                                "pki.csr.malformed"),
                        new Refusal(
                                "random bytes as DER inside PEM",
                                (openssl, device) -> pem(randomBytes(300)),
                                400,
                                "pki.csr.malformed"),
                        new Refusal(
                                "a truncated request",
                                (openssl, device) -> {
                                    byte[] der = der(DeviceKeys.requestPem(device));
                                    return pem(Arrays.copyOf(der, der.length - 12));
                                },
                                400,
                                "pki.csr.malformed"),
                        new Refusal(
                                "a request with trailing bytes",
                                (openssl, device) -> {
                                    byte[] der = der(DeviceKeys.requestPem(device));
                                    return pem(Arrays.copyOf(der, der.length + 4));
                                },
                                400,
                                "pki.csr.malformed"),
                        new Refusal(
                                "a request over the 16 KiB bound",
                                (openssl, device) -> pem(randomBytes(20 * 1024)),
                                400,
                                "pki.csr.too-large"),
                        new Refusal(
                                "a request signed by another key than the one it carries",
                                (openssl, device) -> DeviceKeys.pem(new JcaPKCS10CertificationRequestBuilder(
                                                new X500Name("CN=" + device),
                                                DeviceKeys.p256().getPublic())
                                        .build(new JcaContentSignerBuilder("SHA256withECDSA")
                                                .build(DeviceKeys.p256().getPrivate()))),
                                400,
                                "pki.csr.proof-of-possession-failed"),
                        new Refusal(
                                "an openssl request whose signature was altered",
                                (openssl, device) -> {
                                    byte[] der = der(openssl.request("ec:P-256", "/CN=" + device, "device"));
                                    der[der.length - 1] ^= 0x01;
                                    return pem(der);
                                },
                                400,
                                "pki.csr.proof-of-possession-failed"),
                        unsupportedKey("rsa:1024"),
                        unsupportedKey("rsa:2048"),
                        unsupportedKey("ec:P-521"),
                        unsupportedKey("ec:secp256k1"),
                        unsupportedKey("ed25519"),
                        new Refusal(
                                "an EC request signed over SHA-1",
                                (openssl, device) -> {
                                    openssl.ok(
                                            "req",
                                            "-new",
                                            "-noenc",
                                            "-newkey",
                                            "ec",
                                            "-pkeyopt",
                                            "ec_paramgen_curve:P-256",
                                            "-sha1",
                                            "-subj",
                                            "/CN=" + device,
                                            "-keyout",
                                            "sha1.key",
                                            "-out",
                                            "sha1.csr");
                                    return Files.readString(openssl.file("sha1.csr"), StandardCharsets.US_ASCII);
                                },
                                400,
                                "pki.csr.unsupported-signature-algorithm"),
                        new Refusal(
                                "a subject without a common name",
                                (openssl, device) -> openssl.request("ec:P-256", "/O=Acme/OU=" + device, "device"),
                                400,
                                "pki.csr.missing-common-name"),
                        new Refusal(
                                "a subject with two common names",
                                (openssl, device) ->
                                        openssl.request("ec:P-256", "/CN=" + device + "/CN=" + device, "device"),
                                400,
                                "pki.csr.invalid-identity"),
                        new Refusal(
                                "a common name that is not a device id",
                                (openssl, device) -> openssl.request("ec:P-256", "/CN=meters\\/#", "device"),
                                400,
                                "pki.csr.invalid-identity"),
                        new Refusal(
                                "a request for a device that is not registered",
                                (openssl, device) -> DeviceKeys.requestPem("unregistered-" + device),
                                400,
                                "pki.csr.subject-mismatch"),
                        new Refusal("no request at all", (openssl, device) -> " ", 400, "request.invalid-field"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRequests")
    void aBrokenOrUnacceptableRequestIsRefusedAndNothingIsIssued(Refusal refusal) throws Exception {
        // a tenant of its own: even its CA ceremony must not have run when a request is refused
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("refused");
        String csr = refusal.csr().make(openssl, device);

        refusedWithoutEffect(
                pki,
                device,
                () -> pki.requestCertificate(device, Map.of("csr", csr), Map.of()),
                refusal.status(),
                refusal.code());
    }

    /**
     * Names a device must not have: the CN becomes an MQTT topic level, a SPIFFE path segment and the device id, so
     * wildcards, level separators, {@code $} topics, NUL and the like would let one device speak for others.
     */
    static Stream<String> unsafeIdentities() {
        return Stream.of(
                "meter+0042",
                "meter#",
                "#",
                "+",
                "meters/0042",
                "../0042",
                "$SYS",
                "meter\u00000042",
                "meter 0042",
                "meter\n0042",
                "meter:0042",
                "meter*",
                "-meter",
                "m".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("unsafeIdentities")
    void aCommonNameThatIsNoSafeDeviceIdIsRefusedAsCsrAndAsDevice(String name) {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("mqtt");
        String csr = DeviceKeys.pem(DeviceKeys.requestLiterally(name, DeviceKeys.p256()));
        long auditBefore = pki.auditSize();

        ApiResponse registration = api.post("/api/v1/devices", pki.token(), Map.of("id", name));

        assertThat(registration.status()).as(registration.rawBody()).isEqualTo(400);
        assertThat(registration.code()).isEqualTo("identity.device.invalid-id");
        assertThat(pki.auditSize()).isEqualTo(auditBefore);
        refusedWithoutEffect(pki, device, () -> pki.requestCertificate(device, csr), 400, "pki.csr.invalid-identity");
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of(Map.of("profile", "server"), "pki.profile.not-for-devices"),
                Arguments.of(Map.of("profile", "ocsp-signer"), "pki.profile.not-for-devices"),
                Arguments.of(Map.of("profile", "bootstrap", "lifetime", "PT30M"), "pki.certificate.invalid-lifetime"),
                Arguments.of(Map.of("profile", "bootstrap", "lifetime", "P3651D"), "request.invalid-field"),
                Arguments.of(Map.of("profile", "bootstrap", "lifetime", "-PT12H"), "request.invalid-field"),
                Arguments.of(Map.of("profile", "bootstrap", "lifetime", "PT0S"), "request.invalid-field"),
                Arguments.of(Map.of("profile", "bootstrap", "lifetime", "tomorrow"), "request.invalid-field"),
                Arguments.of(Map.of("lifetime", "PT59M59S"), "pki.certificate.invalid-lifetime"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void anInvalidProfileOrLifetimeIsRefusedAndNothingIsIssued(Map<String, String> fields, String code) {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("fields");
        var body = new HashMap<String, String>(fields);
        body.put("csr", DeviceKeys.requestPem(device));

        refusedWithoutEffect(pki, device, () -> pki.requestCertificate(device, body, Map.of()), 400, code);
    }

    @Test
    void aRequestNamingAnotherRegisteredDeviceIsRefused() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("asking");
        String other = pki.newDevice("named");

        refusedWithoutEffect(
                pki,
                device,
                () -> pki.requestCertificate(device, DeviceKeys.requestPem(other)),
                400,
                "pki.csr.subject-mismatch");
        assertThat(pki.serials(other)).isEmpty();
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        var pki = new TenantPki(api, newTenant());
        long auditBefore = pki.auditSize();

        ApiResponse response = pki.requestCertificate("ghost-0001", DeviceKeys.requestPem("ghost-0001"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("identity.device.not-found");
        assertThat(pki.auditSize()).isEqualTo(auditBefore);
    }

    @Test
    void aKeyAlreadyBoundToAnotherDeviceOfTheTenantIsRefused() {
        var pki = new TenantPki(api, newTenant());
        String owner = pki.newDevice("owner");
        String copier = pki.newDevice("copier");
        KeyPair key = DeviceKeys.p256();
        pki.certify(owner, DeviceKeys.requestPem(owner, key));

        refusedWithoutEffect(
                pki,
                copier,
                () -> pki.requestCertificate(copier, DeviceKeys.requestPem(copier, key)),
                409,
                "pki.csr.key-in-use");
        assertThat(pki.requestCertificate(owner, DeviceKeys.requestPem(owner, key))
                        .status())
                .as("the owner itself may certify its key again")
                .isEqualTo(201);
    }

    @Test
    void aKeyBoundToADeviceOfAnotherTenantIsRefused() {
        var first = new TenantPki(api, newTenant());
        var second = new TenantPki(api, newTenant());
        String owner = first.newDevice("owner");
        String copier = second.newDevice("copier");
        KeyPair key = DeviceKeys.p256();
        first.certify(owner, DeviceKeys.requestPem(owner, key));
        // the second tenant's CA exists already, so only the refusal itself could write anything
        second.certify(copier, DeviceKeys.requestPem(copier));

        refusedWithoutEffect(
                second,
                copier,
                () -> second.requestCertificate(copier, DeviceKeys.requestPem(copier, key)),
                409,
                "pki.csr.key-in-use");
    }

    @Test
    void aBodyOfOneMebibyteIsRefusedBeforeItIsRead() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("huge");
        String huge = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + "A".repeat(1024 * 1024)
                + "\n-----END CERTIFICATE REQUEST-----\n";

        refusedWithoutEffect(pki, device, () -> pki.requestCertificate(device, huge), 400, "request.too-large");
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsRefused() {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("json");

        refusedWithoutEffect(
                pki,
                device,
                () -> api.postRaw(
                        "/api/v1/devices/" + device + "/certificates",
                        tenant.adminToken(),
                        "{\"csr\": [1, 2",
                        Map.of()),
                400,
                null);
        refusedWithoutEffect(
                pki,
                device,
                () -> api.postRaw(
                        "/api/v1/devices/" + device + "/certificates",
                        tenant.adminToken(),
                        "{\"csr\": {\"pem\": \"x\"}}",
                        Map.of()),
                400,
                null);
    }

    @Test
    void renewingAnUnknownCertificateIsNotFound() {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("renew");
        Issued issued = pki.certify(device, DeviceKeys.requestPem(device));

        refusedWithoutEffect(
                pki,
                device,
                () -> api.post(
                        "/api/v1/certificates/" + issued.issuer() + "/" + otherSerial(issued.serial()) + "/renew",
                        tenant.adminToken(),
                        Map.of("csr", DeviceKeys.requestPem(device))),
                404,
                "pki.certificate.not-found");
    }

    /**
     * Asserts that {@code request} is refused with a problem of {@code status} and {@code code} (any stable code when
     * null), and that it issued nothing: the device's certificates, its state and the tenant's audit log are as before.
     */
    private static void refusedWithoutEffect(
            TenantPki pki, String device, Supplier<ApiResponse> request, int status, @Nullable String code) {
        List<String> certificatesBefore = pki.serials(device);
        String stateBefore = pki.state(device);
        long auditBefore = pki.auditSize();

        ApiResponse response = request.get();

        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (code == null) {
            assertThat(response.code()).isNotBlank();
        } else {
            assertThat(response.code()).as(response.rawBody()).isEqualTo(code);
        }
        assertThat(response.text("detail")).isNotBlank().doesNotContain("Exception");
        assertThat(pki.serials(device)).isEqualTo(certificatesBefore);
        assertThat(pki.state(device)).isEqualTo(stateBefore);
        assertThat(pki.auditSize()).as("audit records written").isEqualTo(auditBefore);
    }

    /** The same serial with its last digit changed. */
    private static String otherSerial(String serial) {
        char last = serial.charAt(serial.length() - 1);
        return serial.substring(0, serial.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static Refusal unsupportedKey(String key) {
        return new Refusal(
                "an openssl " + key + " request",
                (openssl, device) -> openssl.request(key, "/CN=" + device, "device"),
                400,
                "pki.csr.unsupported-key");
    }

    private String fingerprint(X509Certificate certificate) throws Exception {
        openssl.write("fingerprinted.pem", PemText.certificate(certificate));
        return openssl.ok("x509", "-in", "fingerprinted.pem", "-noout", "-fingerprint", "-sha256");
    }

    private static String commonName(X509Certificate certificate) {
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.CN);
        assertThat(names).hasSize(1);
        return IETFUtils.valueToString(names[0].getFirst().getValue());
    }

    static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static String damagedBase64(String pem) {
        int middle = pem.indexOf('\n', pem.indexOf("-----BEGIN")) + 20;
        return pem.substring(0, middle) + "*%" + pem.substring(middle + 2);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        // a SEQUENCE tag up front, so that the parser gets past the first byte
        bytes[0] = 0x30;
        return bytes;
    }
}
