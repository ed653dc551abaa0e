package dev.palisade.provisioning;

import dev.palisade.audit.AuditLog;
import dev.palisade.pki.x509.PemText;
import dev.palisade.provisioning.internal.ManufacturerRepository;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Manufacturers registered with a tenant: the key that signs their manifests and the CAs of their bootstrap
 * certificates. Registering one makes its CAs trusted for first-contact enrolment into this tenant, and nothing else.
 */
@Service
public class Manufacturers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final TenantTransactions transactions;
    private final ManufacturerRepository repository;
    private final ManufacturerTrust trust;
    private final AuditLog audit;
    private final Clock clock;

    Manufacturers(
            TenantTransactions transactions,
            ManufacturerRepository repository,
            ManufacturerTrust trust,
            AuditLog audit,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.trust = trust;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a manufacturer.
     *
     * @param signingKey PEM: the public key, or a certificate holding it, that signs the manufacturer's manifests
     * @param bootstrapCas PEM certificates of the CAs that issue its bootstrap certificates (at least one)
     */
    public Manufacturer register(
            Caller caller, @Nullable String name, @Nullable String signingKey, @Nullable List<String> bootstrapCas) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "provisioning.manufacturer.invalid-name",
                    "name",
                    "a manufacturer's name is 1 to 64 letters, digits or . _ -, starting with a letter or digit");
        }
        PublicKey key = signingKey(signingKey);
        List<X509Certificate> cas = bootstrapCas(bootstrapCas);
        var manufacturer = new Manufacturer(
                caller.tenant(),
                Uuid7.next(clock),
                name,
                key,
                cas,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        transactions.inTenant(caller.tenant(), () -> {
            if (!repository.insert(manufacturer)) {
                throw new ConflictException(
                        "provisioning.manufacturer.exists", "a manufacturer '" + name + "' is registered");
            }
            List<String> fingerprints = cas.stream()
                    .map(ca -> HexFormat.of().formatHex(ManufacturerRepository.sha256(ca)))
                    .toList();
            audit.append(caller.audit("manufacturer.registered", "manufacturer:" + name)
                    .withDetails(Map.of("bootstrapCaSha256", String.join(",", fingerprints))));
        });
        trust.invalidate();
        return manufacturer;
    }

    public List<Manufacturer> list(Caller caller) {
        return transactions.readInTenant(caller.tenant(), () -> repository.list(caller.tenant()));
    }

    public Manufacturer get(Caller caller, String name) {
        return transactions
                .readInTenant(caller.tenant(), () -> repository.findByName(caller.tenant(), name))
                .orElseThrow(() ->
                        new NotFoundException("provisioning.manufacturer.not-found", "no manufacturer '" + name + "'"));
    }

    private static PublicKey signingKey(@Nullable String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidInputException("signingKey", "signingKey is required: a PEM public key or certificate");
        }
        try {
            if (pem.contains("-----BEGIN CERTIFICATE-----")) {
                return PemText.parseCertificates(pem).getFirst().getPublicKey();
            }
            try (var parser = new PEMParser(new StringReader(pem))) {
                if (parser.readObject() instanceof SubjectPublicKeyInfo info) {
                    return ManufacturerRepository.publicKey(info.getEncoded());
                }
            }
            throw new IllegalArgumentException("not a PEM public key");
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidInputException(
                    "provisioning.manufacturer.invalid-key",
                    "signingKey",
                    "signingKey is a PEM PUBLIC KEY (EC, RSA or Ed25519) or a PEM certificate holding one");
        }
    }

    private static List<X509Certificate> bootstrapCas(@Nullable List<String> pems) {
        if (pems == null || pems.isEmpty() || pems.size() > 16) {
            throw new InvalidInputException("bootstrapCas", "bootstrapCas lists 1 to 16 PEM CA certificates");
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (String pem : pems) {
            try {
                cas.addAll(PemText.parseCertificates(pem));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "provisioning.manufacturer.invalid-ca", "bootstrapCas", "not a PEM certificate");
            }
        }
        for (X509Certificate ca : cas) {
            if (ca.getBasicConstraints() < 0) {
                throw new InvalidInputException(
                        "provisioning.manufacturer.invalid-ca",
                        "bootstrapCas",
                        "'" + ca.getSubjectX500Principal().getName() + "' is not a CA certificate");
            }
        }
        return List.copyOf(cas);
    }
}
