package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.OpenSsl;
import dev.palisade.support.PalisadeCli;
import dev.palisade.support.RecordedRevocations;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TenantPki.Issued;
import dev.palisade.support.WithServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Revocation as relying parties see it: openssl fetches the CRL from the distribution point and asks the OCSP
 * responder named in each certificate, and must reach the same verdict as the API.
 */
class RevocationIT extends WithServer {

    private static final Pattern URI_IN_TEXT = Pattern.compile("URI:(\\S+)");

    /** The RFC 5280 reasons that Palisade accepts: all but certificate hold and its removal, as revocation is final. */
    private static final List<RevocationReason> FINAL_REASONS =
            EnumSet.complementOf(EnumSet.of(RevocationReason.CERTIFICATE_HOLD, RevocationReason.REMOVE_FROM_CRL))
                    .stream()
                    .toList();

    @TempDir
    Path dir;

    @Autowired
    RecordedRevocations revocations;

    private OpenSsl openssl;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        openssl = new OpenSsl(dir);
    }

    @Test
    void opensslAcceptsAChainWithTheDistributedCrlAndRejectsItOnceTheCertificateIsRevoked() throws Exception {
        var pki = new TenantPki(api, newTenant());
        Issued issued = issueWithOpenssl(pki, pki.newDevice("crl"), "device");
        String crlUrl = crlUrl("device.pem");
        saveCrl(download(crlUrl), "before");

        ApiResponse revoked = pki.revoke(issued.issuer(), issued.serial(), "key-compromise");
        saveCrl(download(crlUrl), "after");

        assertThat(crlUrl).isEqualTo("http://localhost:" + httpPort() + "/crl/" + issued.issuer() + ".crl");
        assertThat(verifyWithCrl("before", "device.pem").output()).contains("device.pem: OK");
        assertThat(revoked.status()).as(revoked.rawBody()).isEqualTo(200);
        assertThat(revoked.text("revocationReason")).isEqualTo("key-compromise");
        assertThat(revoked.body().path("revokedAt").isNull()).isFalse();
        OpenSsl.Result rejected = verifyWithCrl("after", "device.pem");
        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.output()).contains("certificate revoked");
        assertThat(openssl.ok("crl", "-in", "after.pem", "-noout", "-text"))
                .contains("Serial Number: " + opensslHex(issued.serialNumber()))
                .contains("Key Compromise");
    }

    @Test
    void theDeltaCrlNamesTheNewlyRevokedSerialAndReferencesTheFullCrlBeforeIt() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("delta");
        Issued revoked = pki.certify(device, DeviceKeys.requestPem(device));
        Issued kept = pki.certify(device, DeviceKeys.requestPem(device));
        String base = "http://localhost:" + httpPort() + "/crl/" + revoked.issuer();
        X509CRLHolder fullBefore = new X509CRLHolder(download(base + ".crl"));

        pki.revoke(revoked.issuer(), revoked.serial(), "superseded");
        byte[] deltaDer = download(base + "-delta.crl");
        X509CRLHolder delta = new X509CRLHolder(deltaDer);
        X509CRLHolder fullAfter = new X509CRLHolder(download(base + ".crl"));

        assertThat(number(delta, Extension.deltaCRLIndicator)).isEqualTo(number(fullBefore, Extension.cRLNumber));
        assertThat(delta.getExtension(Extension.deltaCRLIndicator).isCritical()).isTrue();
        assertThat(number(delta, Extension.cRLNumber)).isGreaterThan(number(fullBefore, Extension.cRLNumber));
        assertThat(delta.getRevokedCertificate(revoked.serialNumber())).isNotNull();
        assertThat(delta.getRevokedCertificate(kept.serialNumber())).isNull();
        assertThat(fullBefore.getRevokedCertificate(revoked.serialNumber())).isNull();
        assertThat(fullAfter.getRevokedCertificate(revoked.serialNumber())).isNotNull();
        assertThat(number(fullAfter, Extension.cRLNumber)).isGreaterThan(number(fullBefore, Extension.cRLNumber));
        openssl.write("delta.der", deltaDer);
        openssl.write("issuing.pem", revoked.issuingPem());
        assertThat(openssl.ok("crl", "-inform", "DER", "-in", "delta.der", "-CAfile", "issuing.pem", "-noout"))
                .as("openssl checks the delta CRL's signature")
                .contains("verify OK");
        assertThat(openssl.ok("crl", "-inform", "DER", "-in", "delta.der", "-noout", "-text"))
                .contains("Delta CRL Indicator: critical")
                .contains("Serial Number: " + opensslHex(revoked.serialNumber()))
                .contains("Superseded")
                .doesNotContain(opensslHex(kept.serialNumber()));
    }

    @Test
    void opensslOcspSaysGoodThenRevokedWithTheReasonSignedByTheDelegatedSigner() throws Exception {
        var pki = new TenantPki(api, newTenant());
        Issued issued = issueWithOpenssl(pki, pki.newDevice("ocsp"), "device");
        String url =
                openssl.ok("x509", "-in", "device.pem", "-noout", "-ocsp_uri").strip();

        String good = ocsp(url, "good", false);
        String goodCached = ocsp(url, "good-cached", true);
        pki.revoke(issued.issuer(), issued.serial(), "key-compromise");
        String revoked = ocsp(url, "revoked", false);
        String revokedCached = ocsp(url, "revoked-cached", true);

        assertThat(url).isEqualTo("http://localhost:" + httpPort() + "/ocsp/" + issued.issuer());
        assertThat(good).contains("device.pem: good");
        assertThat(goodCached).contains("device.pem: good");
        assertThat(revoked).contains("device.pem: revoked").contains("Reason: keyCompromise");
        assertThat(revokedCached)
                .as("the cached nonce-less answer was dropped on revocation")
                .contains("device.pem: revoked")
                .contains("Reason: keyCompromise");
        for (String response : List.of("good", "good-cached", "revoked", "revoked-cached")) {
            // verified from the root alone: no -issuer, so openssl cannot fall back to trusting the issuing CA
            assertThat(openssl.ok(
                            "ocsp",
                            "-respin",
                            response + ".der",
                            "-CAfile",
                            "root.pem",
                            "-verify_other",
                            "issuing.pem"))
                    .contains("Response verify OK");
            X509CertificateHolder signer = signerOf(openssl.read(response + ".der"));
            X500Name issuingCa = X500Name.getInstance(
                    issued.chain().getFirst().getSubjectX500Principal().getEncoded());
            assertThat(signer.getIssuer()).isEqualTo(issuingCa);
            assertThat(signer.getSubject()).as("a delegated signer, not the CA").isNotEqualTo(issuingCa);
            assertThat(ExtendedKeyUsage.fromExtensions(signer.getExtensions())
                            .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning))
                    .isTrue();
        }
    }

    @Test
    void ocspByGetTakesTheBase64RequestEncodedOrNotAndABadPostIsAMalformedRequest() throws Exception {
        var pki = new TenantPki(api, newTenant());
        Issued issued = issueWithOpenssl(pki, pki.newDevice("ocsp-get"), "device");
        String responder = "http://localhost:" + httpPort() + "/ocsp/" + issued.issuer();
        String base64 = Base64.getEncoder().encodeToString(ocspRequestWithSlashInBase64());

        for (String segment : List.of(base64, URLEncoder.encode(base64, StandardCharsets.US_ASCII))) {
            HttpResponse<byte[]> answer = http.send(
                    HttpRequest.newBuilder(URI.create(responder + "/" + segment))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as(segment).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
            assertThat(new OCSPResp(answer.body()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(singleResponse(answer.body()).getCertStatus()).as("good").isNull();
        }
        byte[] request = openssl.read("request.der");
        assertThat(ocspStatus(post(responder, "application/ocsp-request", new byte[64 * 1024])))
                .as("a body larger than any OCSP request is not read")
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(ocspStatus(post(responder, "text/plain", request)))
                .as("not an OCSP request")
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(ocspStatus(post(responder, "application/ocsp-request", request)))
                .isEqualTo(OCSPResp.SUCCESSFUL);
        String unknownCa = "http://localhost:" + httpPort() + "/ocsp/01a20000-0000-7000-8000-000000000000";
        assertThat(post(unknownCa, "application/ocsp-request", request).statusCode())
                .as("no such authority")
                .isEqualTo(404);
    }

    /** An openssl OCSP request whose base64 has a '/', which must survive the trip through the URL path. */
    private byte[] ocspRequestWithSlashInBase64() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) { // each nonce makes a new request; most have a '/' at once
            openssl.ok("ocsp", "-issuer", "issuing.pem", "-cert", "device.pem", "-reqout", "request.der");
            byte[] request = openssl.read("request.der");
            if (Base64.getEncoder().encodeToString(request).indexOf('/') >= 0) {
                return request;
            }
        }
        throw new AssertionError("openssl made no OCSP request with a '/' in its base64 in 50 attempts");
    }

    private HttpResponse<byte[]> post(String url, String contentType, byte[] body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int ocspStatus(HttpResponse<byte[]> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(200);
        return new OCSPResp(answer.body()).getStatus();
    }

    private X509CertificateHolder signerOf(byte[] der) throws Exception {
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(der).getResponseObject();
        X509CertificateHolder[] certificates = basic.getCerts();
        assertThat(certificates).hasSize(1);
        return certificates[0];
    }

    @Test
    void revokingADeviceRevokesEveryCertificateItHasAndNothingElse() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("retired");
        String neighbour = pki.newDevice("neighbour");
        Issued bootstrap = Issued.of(pki.requestCertificate(
                device, Map.of("csr", DeviceKeys.requestPem(device), "profile", "bootstrap"), Map.of()));
        Issued first = pki.certify(device, DeviceKeys.requestPem(device));
        Issued second = pki.certify(device, DeviceKeys.requestPem(device));
        Issued other = pki.certify(neighbour, DeviceKeys.requestPem(neighbour));

        ApiResponse revoked = api.post(
                "/api/v1/devices/" + device + "/revoke-certificates",
                pki.token(),
                Map.of("reason", "cessation-of-operation"));
        ApiResponse again = api.post(
                "/api/v1/devices/" + device + "/revoke-certificates",
                pki.token(),
                Map.of("reason", "cessation-of-operation"));

        assertThat(revoked.status()).as(revoked.rawBody()).isEqualTo(200);
        assertThat(serials(revoked)).containsExactlyInAnyOrder(bootstrap.serial(), first.serial(), second.serial());
        assertThat(again.status()).isEqualTo(200);
        assertThat(serials(again)).as("only what was still valid is revoked").isEmpty();
        for (Issued issued : List.of(bootstrap, first, second)) {
            assertThat(pki.certificate(issued.issuer(), issued.serial()).text("revocationReason"))
                    .isEqualTo("cessation-of-operation");
        }
        assertThat(pki.certificate(other.issuer(), other.serial())
                        .body()
                        .path("revokedAt")
                        .isNull())
                .isTrue();
        X509CRLHolder crl =
                new X509CRLHolder(download("http://localhost:" + httpPort() + "/crl/" + first.issuer() + ".crl"));
        for (Issued issued : List.of(bootstrap, first, second)) {
            assertThat(crl.getRevokedCertificate(issued.serialNumber())).isNotNull();
        }
        assertThat(crl.getRevokedCertificate(other.serialNumber())).isNull();
        assertThat(revocations.indexedAtCommit(pki.tenant().id()))
                .as("at the commit, where the broker cuts sessions, the index already refuses the certificates")
                .containsExactly(true);
    }

    @Test
    void revokingTheTenantsCaRevokesEverythingItIssuedAndTheNextCertificateComesFromANewCa() throws Exception {
        var pki = new TenantPki(api, newTenant());
        Issued one = issueWithOpenssl(pki, pki.newDevice("fleet"), "one");
        String device = pki.newDevice("fleet");
        Issued two = pki.certify(device, DeviceKeys.requestPem(device));
        long auditBefore = pki.auditSize();

        ApiResponse ca =
                api.post("/api/v1/ca/" + one.issuer() + "/revoke", pki.token(), Map.of("reason", "ca-compromise"));
        ApiResponse again =
                api.post("/api/v1/ca/" + one.issuer() + "/revoke", pki.token(), Map.of("reason", "ca-compromise"));
        String ocsp =
                ocsp(openssl.ok("x509", "-in", "one.pem", "-noout", "-ocsp_uri").strip(), "one", "one.pem", false);
        saveCrl(download(crlUrl("one.pem")), "crl");
        OpenSsl.Result verified = verifyWithCrl("crl", "one.pem");
        Issued next = pki.certify(device, DeviceKeys.requestPem(device));

        assertThat(ca.status()).as(ca.rawBody()).isEqualTo(200);
        assertThat(ca.text("status")).isEqualTo("revoked");
        assertThat(api.get("/api/v1/ca/" + one.issuer(), pki.token()).text("status"))
                .isEqualTo("revoked");
        for (Issued issued : List.of(one, two)) {
            ApiResponse shown = pki.certificate(issued.issuer(), issued.serial());
            assertThat(shown.text("revocationReason")).isEqualTo("ca-compromise");
        }
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("pki.ca.not-revocable");
        assertThat(ocsp).contains("one.pem: revoked").contains("Reason: cACompromise");
        assertThat(verified.exitCode()).isNotZero();
        assertThat(verified.output()).contains("certificate revoked");
        assertThat(pki.auditRecordsFrom(auditBefore))
                .extracting(record -> record.path("action").asString())
                .contains("ca.revoked", "certificate.revoked");
        assertThat(next.issuer()).isNotEqualTo(one.issuer());
        assertThat(new X509CRLHolder(download(crlUrl("one.pem"))).getRevokedCertificate(two.serialNumber()))
                .isNotNull();
        assertThat(revocations.indexedAtCommit(pki.tenant().id()))
                .as("at the commit, where the broker cuts sessions, the index already refuses the CA's certificates")
                .containsExactly(true);
    }

    @Test
    void everyFinalReasonReachesTheCrlOcspAuditAndEventAsItsRfc5280Code() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("reasons");
        Map<RevocationReason, Issued> revoked = new EnumMap<>(RevocationReason.class);
        for (RevocationReason reason : FINAL_REASONS) {
            revoked.put(reason, issueWithOpenssl(pki, device, reason.wireName()));
        }
        long auditBefore = pki.auditSize();

        for (var entry : revoked.entrySet()) {
            ApiResponse response = pki.revoke(
                    entry.getValue().issuer(),
                    entry.getValue().serial(),
                    entry.getKey().wireName());
            assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        }
        X509CRLHolder crl =
                new X509CRLHolder(download(crlUrl(FINAL_REASONS.getFirst().wireName() + ".pem")));

        for (var entry : revoked.entrySet()) {
            RevocationReason reason = entry.getKey();
            Issued issued = entry.getValue();
            X509CRLEntryHolder listed = crl.getRevokedCertificate(issued.serialNumber());
            assertThat(listed).as(reason.wireName()).isNotNull();
            assertThat(reasonCode(listed.getExtensions()))
                    .as("the CRL entry of " + reason.wireName() + " (unspecified is left out, RFC 5280 5.3.1)")
                    .isEqualTo(reason == RevocationReason.UNSPECIFIED ? null : reason.code());
            String url = openssl.ok("x509", "-in", reason.wireName() + ".pem", "-noout", "-ocsp_uri")
                    .strip();
            ocsp(url, reason.wireName() + "-ocsp", reason.wireName() + ".pem", false);
            SingleResp status = singleResponse(openssl.read(reason.wireName() + "-ocsp.der"));
            assertThat(status.getCertStatus()).isInstanceOf(RevokedStatus.class);
            RevokedStatus ocspRevoked = (RevokedStatus) status.getCertStatus();
            assertThat(ocspRevoked.hasRevocationReason() ? ocspRevoked.getRevocationReason() : null)
                    .as("the OCSP answer for " + reason.wireName())
                    .isEqualTo(reason == RevocationReason.UNSPECIFIED ? null : reason.code());
            assertThat(pki.certificate(issued.issuer(), issued.serial()).text("revocationReason"))
                    .isEqualTo(reason.wireName());
        }
        assertThat(pki.auditRecordsFrom(auditBefore))
                .filteredOn(record -> record.path("action").asString().equals("certificate.revoked"))
                .extracting(record -> record.path("details").path("reason").asString())
                .containsExactlyElementsOf(revoked.keySet().stream()
                        .map(RevocationReason::wireName)
                        .toList());
        assertThat(revocations.of(pki.tenant().id()))
                .extracting(received -> received.event().reason())
                .containsExactlyElementsOf(revoked.keySet().stream()
                        .map(RevocationReason::wireName)
                        .toList());
    }

    @Test
    void theCliRevokesACertificateADeviceAndACaAndRefusesWhatTheApiRefuses() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("cli");
        String other = pki.newDevice("cli");
        Issued single = issueWithOpenssl(pki, device, "single");
        Issued first = pki.certify(device, DeviceKeys.requestPem(device));
        Issued second = pki.certify(device, DeviceKeys.requestPem(device));
        Issued others = pki.certify(other, DeviceKeys.requestPem(other));
        Path token = Files.writeString(dir.resolve("token"), tenant.adminToken(), StandardCharsets.US_ASCII);
        var cli = new PalisadeCli(DATA_DIR, port, token);

        PalisadeCli.Run revoke =
                cli.run("cert", "revoke", single.issuer(), single.serial(), "--reason", "key-compromise");
        PalisadeCli.Run again = cli.run("cert", "revoke", single.issuer(), single.serial(), "--reason", "superseded");
        PalisadeCli.Run unknownReason =
                cli.run("cert", "revoke", others.issuer(), others.serial(), "--reason", "because");
        PalisadeCli.Run revokeDevice = cli.run("cert", "revoke-device", device, "--reason", "cessation-of-operation");
        saveCrl(download(crlUrl("single.pem")), "after-device");
        PalisadeCli.Run revokeCa = cli.run("ca", "revoke", single.issuer(), "--reason", "ca-compromise");

        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains(single.serial()).contains("key-compromise");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("pki.certificate.already-revoked").doesNotContain("Exception");
        assertThat(unknownReason.exitCode()).isEqualTo(2);
        assertThat(unknownReason.err()).contains("pki.revocation.invalid-reason");
        assertThat(revokeDevice.exitCode()).as(revokeDevice.err()).isZero();
        assertThat(revokeDevice.out())
                .contains(first.serial(), second.serial())
                .as("already revoked, so not revoked again")
                .doesNotContain(single.serial());
        assertThat(pki.certificate(single.issuer(), single.serial()).text("revocationReason"))
                .isEqualTo("key-compromise");
        assertThat(pki.certificate(first.issuer(), first.serial()).text("revocationReason"))
                .isEqualTo("cessation-of-operation");
        OpenSsl.Result verified = verifyWithCrl("after-device", "single.pem");
        assertThat(verified.exitCode()).isNotZero();
        assertThat(verified.output()).contains("certificate revoked");
        assertThat(revokeCa.exitCode()).as(revokeCa.err()).isZero();
        assertThat(revokeCa.out()).contains(single.issuer()).contains("revoked");
        assertThat(pki.certificate(others.issuer(), others.serial()).text("revocationReason"))
                .as("revoked with its CA")
                .isEqualTo("ca-compromise");
    }

    @Test
    void aRevokedCertificateIsNotRevokedTwice() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("twice");
        Issued issued = pki.certify(device, DeviceKeys.requestPem(device));
        ApiResponse first = pki.revoke(issued.issuer(), issued.serial(), "key-compromise");
        long auditBefore = pki.auditSize();
        int eventsBefore = revocations.of(pki.tenant().id()).size();

        ApiResponse second = pki.revoke(issued.issuer(), issued.serial(), "superseded");

        assertThat(second.status()).as(second.rawBody()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("pki.certificate.already-revoked");
        assertThat(second.text("detail")).contains("key-compromise");
        ApiResponse shown = pki.certificate(issued.issuer(), issued.serial());
        assertThat(shown.text("revocationReason")).isEqualTo("key-compromise");
        assertThat(shown.text("revokedAt")).isEqualTo(first.text("revokedAt"));
        assertThat(pki.auditSize()).isEqualTo(auditBefore);
        assertThat(revocations.of(pki.tenant().id())).hasSize(eventsBefore);
    }

    @Test
    void anUnknownOrUndoableReasonIsRefusedAndNothingIsRevoked() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("reasons");
        Issued issued = pki.certify(device, DeviceKeys.requestPem(device));
        long auditBefore = pki.auditSize();

        List<ApiResponse> refused = List.of(
                pki.revoke(issued.issuer(), issued.serial(), "because"),
                pki.revoke(issued.issuer(), issued.serial(), "certificate-hold"),
                pki.revoke(issued.issuer(), issued.serial(), "remove-from-crl"),
                api.post("/api/v1/devices/" + device + "/revoke-certificates", pki.token(), Map.of("reason", "lost")),
                api.post("/api/v1/ca/" + issued.issuer() + "/revoke", pki.token(), Map.of("reason", "oops")));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).as(response.rawBody()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("pki.revocation.invalid-reason");
            assertThat(response.text("detail")).isNotBlank();
        });
        assertThat(pki.certificate(issued.issuer(), issued.serial())
                        .body()
                        .path("revokedAt")
                        .isNull())
                .isTrue();
        assertThat(api.get("/api/v1/ca/" + issued.issuer(), pki.token()).text("status"))
                .isEqualTo("active");
        assertThat(pki.auditSize()).isEqualTo(auditBefore);
    }

    @Test
    void anUnknownCertificateIsNotFound() {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("unknown");
        Issued issued = pki.certify(device, DeviceKeys.requestPem(device));
        var otherTenant = new TenantPki(api, newTenant());

        ApiResponse unknownSerial = pki.revoke(issued.issuer(), "1234abcd", "key-compromise");
        ApiResponse otherTenants = otherTenant.revoke(issued.issuer(), issued.serial(), "key-compromise");

        assertThat(unknownSerial.status()).isEqualTo(404);
        assertThat(unknownSerial.code()).isEqualTo("pki.certificate.not-found");
        assertThat(otherTenants.status()).isEqualTo(404);
        assertThat(pki.certificate(issued.issuer(), issued.serial())
                        .body()
                        .path("revokedAt")
                        .isNull())
                .isTrue();
    }

    @Test
    void revocationPublishesTheSerialsAndKeyHashesInTheRevokingTransactionAndThroughTheOutbox() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("event");
        Issued one = pki.certify(device, DeviceKeys.requestPem(device));
        Issued two = pki.certify(device, DeviceKeys.requestPem(device));

        pki.revoke(one.issuer(), one.serial(), "key-compromise");
        api.post("/api/v1/devices/" + device + "/revoke-certificates", pki.token(), Map.of("reason", "superseded"));

        List<RecordedRevocations.Received> received =
                revocations.of(pki.tenant().id());
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(event -> {
            assertThat(event.inTransaction()).isTrue();
            assertThat(event.event().issuer().toString()).isEqualTo(one.issuer());
        });
        CertificatesRevoked single = received.get(0).event();
        assertThat(single.reason()).isEqualTo("key-compromise");
        assertThat(single.certificates())
                .containsExactly(new CertificatesRevoked.Revoked(one.serial(), device, keyHash(one.certificate())));
        CertificatesRevoked wholeDevice = received.get(1).event();
        assertThat(wholeDevice.reason()).isEqualTo("superseded");
        assertThat(wholeDevice.certificates())
                .as("what was revoked already is not announced again")
                .containsExactly(new CertificatesRevoked.Revoked(two.serial(), device, keyHash(two.certificate())));
        assertThat(revocations.deliveredAfterCommit(pki.tenant().id(), 2, Duration.ofSeconds(10)))
                .extracting(RecordedRevocations.Received::event)
                .containsExactly(single, wholeDevice);
        for (Issued issued : List.of(one, two)) {
            // marked completed in a transaction of its own once the listener has returned: a moment after delivery
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(completedPublicationsNaming(issued.serial()))
                            .as("the stored publication of the event, completed once its listener ran")
                            .isOne());
        }
    }

    private int completedPublicationsNaming(String serial) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select count(*) from event_publication
                        where listener_id like '%RecordedRevocations.afterCommit%' and completion_date is not null
                            and serialized_event like ?""")) {
            query.setString(1, "%" + serial + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Issues from an openssl P-256 request and writes root.pem, issuing.pem and {@code <name>.pem}. */
    private Issued issueWithOpenssl(TenantPki pki, String device, String name) throws Exception {
        Issued issued = pki.certify(device, openssl.request("ec:P-256", "/CN=" + device, name));
        openssl.write("root.pem", pki.rootPem());
        openssl.write("issuing.pem", issued.issuingPem());
        openssl.write(name + ".pem", issued.certificatePem());
        return issued;
    }

    private String crlUrl(String certificateFile) throws Exception {
        String extension = openssl.ok("x509", "-in", certificateFile, "-noout", "-ext", "crlDistributionPoints");
        Matcher uri = URI_IN_TEXT.matcher(extension);
        assertThat(uri.find()).as(extension).isTrue();
        return uri.group(1);
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        return response.body();
    }

    /** Writes a DER CRL as {@code <name>.pem}, converted by openssl. */
    private void saveCrl(byte[] der, String name) throws Exception {
        openssl.write(name + ".der", der);
        openssl.ok("crl", "-inform", "DER", "-in", name + ".der", "-out", name + ".pem");
    }

    private OpenSsl.Result verifyWithCrl(String crl, String certificate) throws Exception {
        return openssl.run(
                "verify",
                "-crl_check",
                "-CRLfile",
                crl + ".pem",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                certificate);
    }

    private String ocsp(String url, String response, boolean withoutNonce) throws Exception {
        return ocsp(url, response, "device.pem", withoutNonce);
    }

    /** Asks the responder at {@code url} about {@code certificate} with openssl, keeping the answer in a file. */
    private String ocsp(String url, String response, String certificate, boolean withoutNonce) throws Exception {
        var args = new ArrayList<>(List.of(
                "ocsp",
                "-issuer",
                "issuing.pem",
                "-cert",
                certificate,
                "-url",
                url,
                "-CAfile",
                "root.pem",
                "-respout",
                response + ".der"));
        if (withoutNonce) {
            args.add("-no_nonce");
        }
        String output = openssl.ok(args.toArray(String[]::new));
        assertThat(output).contains("Response verify OK");
        return output;
    }

    /** A number as openssl prints it: upper-case hexadecimal in whole octets. */
    private static String opensslHex(BigInteger number) {
        String hex = number.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static List<String> serials(ApiResponse revoked) {
        var serials = new ArrayList<String>();
        revoked.body()
                .path("revoked")
                .forEach(item -> serials.add(item.path("serial").asString()));
        return serials;
    }

    private static @Nullable Integer reasonCode(@Nullable Extensions extensions) {
        Extension reason = extensions == null ? null : extensions.getExtension(Extension.reasonCode);
        return reason == null
                ? null
                : CRLReason.getInstance(reason.getParsedValue()).getValue().intValue();
    }

    private static SingleResp singleResponse(byte[] der) throws Exception {
        SingleResp[] responses = ((BasicOCSPResp) new OCSPResp(der).getResponseObject()).getResponses();
        assertThat(responses).hasSize(1);
        return responses[0];
    }

    private static BigInteger number(X509CRLHolder crl, ASN1ObjectIdentifier extension) {
        return ASN1Integer.getInstance(crl.getExtension(extension).getParsedValue())
                .getValue();
    }

    private static String keyHash(X509Certificate certificate) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getPublicKey().getEncoded()));
    }
}
