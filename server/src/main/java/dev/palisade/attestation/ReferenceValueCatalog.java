package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.attestation.tpm.TpmHash;
import dev.palisade.audit.AuditLog;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Reference values per model and firmware release, and the tenant's attestation settings; every change audited.
 * A device's model is its {@code model} attribute.
 */
@Service
public class ReferenceValueCatalog {

    private static final Pattern INDEX = Pattern.compile("[0-9]{1,2}");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2})+");
    private static final int MAX_MEASUREMENTS = 64;

    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final AuditLog audit;
    private final AttestationVerdicts verdicts;
    private final Clock clock;

    ReferenceValueCatalog(
            TenantTransactions transactions,
            AttestationRepository repository,
            AuditLog audit,
            AttestationVerdicts verdicts,
            Clock clock) {
        this.verdicts = verdicts;
        this.transactions = transactions;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores a release's values, replacing earlier values of the same release; returns whether the release is new.
     *
     * @param pcrs hex values per bank name and PCR index ("0" … "23")
     * @param measurements hex digests per boot component
     */
    public boolean put(
            Caller caller,
            String model,
            String release,
            @Nullable Map<String, Map<String, String>> pcrs,
            @Nullable Map<String, String> measurements) {
        ReferenceValues values = validate(caller, model, release, pcrs, measurements);
        return transactions.inTenant(caller.tenant(), () -> {
            boolean created = repository.putReference(caller.tenant(), values);
            audit.append(caller.audit("attestation.reference-put", "reference:" + model + "/" + release)
                    .withDetails(Map.of(
                            "pcrs",
                                    String.valueOf(values.pcrs().values().stream()
                                            .mapToInt(Map::size)
                                            .sum()),
                            "measurements", String.valueOf(values.measurements().size()),
                            "created", String.valueOf(created))));
            return created;
        });
    }

    public List<ReferenceValues> list(Caller caller, @Nullable String model) {
        if (model != null && !ReferenceValues.MODEL.matcher(model).matches()) {
            throw new InvalidInputException("request.invalid-parameter", "model", "not a model name");
        }
        return transactions.readInTenant(caller.tenant(), () -> repository.references(caller.tenant(), model));
    }

    public ReferenceValues get(Caller caller, String model, String release) {
        return transactions
                .readInTenant(caller.tenant(), () -> repository.reference(caller.tenant(), model, release))
                .orElseThrow(() -> notFound(model, release));
    }

    /** Deletes a release's values: devices still reporting them fail from now on. */
    public void delete(Caller caller, String model, String release) {
        transactions.inTenant(caller.tenant(), () -> {
            if (!repository.deleteReference(caller.tenant(), model, release)) {
                throw notFound(model, release);
            }
            audit.append(caller.audit("attestation.reference-deleted", "reference:" + model + "/" + release));
        });
    }

    public AttestationSettings settings(Caller caller) {
        return transactions.readInTenant(caller.tenant(), () -> repository.settings(caller.tenant()));
    }

    public AttestationSettings putSettings(Caller caller, AttestationSettings settings) {
        AttestationSettings saved = transactions.inTenant(caller.tenant(), () -> {
            repository.putSettings(caller.tenant(), settings, clock.instant().truncatedTo(ChronoUnit.MICROS));
            var interval = settings.reattestationInterval();
            var reenrolWindow = settings.reenrolmentRequiresPassWithin();
            var cap = settings.certificateLifetimeFromPass();
            audit.append(caller.audit("attestation.settings-changed", "attestation-settings")
                    .withDetails(Map.of(
                            "reattestationInterval", interval == null ? "none" : interval.toString(),
                            "quarantineOnFailure", String.valueOf(settings.quarantineOnFailure()),
                            "acceptBootLogs", String.valueOf(settings.acceptBootLogs()),
                            "reenrolmentRequiresPassWithin", reenrolWindow == null ? "none" : reenrolWindow.toString(),
                            "certificateLifetimeFromPass", cap == null ? "none" : cap.toString())));
            return settings;
        });
        verdicts.settingsChanged(caller.tenant()); // after the commit, so the next issuance reads the new value
        return saved;
    }

    private ReferenceValues validate(
            Caller caller,
            String model,
            String release,
            @Nullable Map<String, Map<String, String>> pcrs,
            @Nullable Map<String, String> measurements) {
        if (!ReferenceValues.MODEL.matcher(model).matches()) {
            throw new InvalidInputException(
                    "attestation.reference.invalid", "model", "a model is 1 to 64 letters, digits or . _ -");
        }
        if (!ReferenceValues.RELEASE.matcher(release).matches()) {
            throw new InvalidInputException(
                    "attestation.reference.invalid", "release", "a release is 1 to 64 letters, digits or . _ + -");
        }
        SortedMap<String, SortedMap<Integer, String>> banks = new TreeMap<>();
        (pcrs == null ? Map.<String, Map<String, String>>of() : pcrs).forEach((bankName, values) -> {
            TpmHash bank = TpmHash.ofBankName(bankName)
                    .orElseThrow(() -> new InvalidInputException(
                            "attestation.reference.invalid", "pcrs", "banks are sha1, sha256, sha384 or sha512"));
            SortedMap<Integer, String> indexed = new TreeMap<>();
            (values == null ? Map.<String, String>of() : values).forEach((index, hex) -> {
                if (!INDEX.matcher(index).matches() || Integer.parseInt(index) > 23) {
                    throw new InvalidInputException(
                            "attestation.reference.invalid", "pcrs." + bankName, "PCR indexes are 0 to 23");
                }
                if (hex == null || !HEX.matcher(hex).matches() || hex.length() != bank.size() * 2) {
                    throw new InvalidInputException(
                            "attestation.reference.invalid",
                            "pcrs." + bankName + "." + index,
                            "a " + bankName + " PCR value is " + bank.size() * 2 + " lower-case hex digits");
                }
                indexed.put(Integer.parseInt(index), hex);
            });
            banks.put(bankName, indexed);
        });
        Map<String, String> components = measurements == null ? Map.of() : measurements;
        if (components.size() > MAX_MEASUREMENTS) {
            throw new InvalidInputException(
                    "attestation.reference.invalid", "measurements", "at most " + MAX_MEASUREMENTS + " components");
        }
        components.forEach((name, hex) -> {
            if (!ReferenceValues.COMPONENT.matcher(name).matches()
                    || hex == null
                    || !HEX.matcher(hex).matches()
                    || hex.length() < 64
                    || hex.length() > 128) {
                throw new InvalidInputException(
                        "attestation.reference.invalid",
                        "measurements",
                        "a measurement is a component name and a 32- to 64-byte lower-case hex digest");
            }
        });
        try {
            return new ReferenceValues(
                    model,
                    release,
                    banks,
                    new TreeMap<>(components),
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    caller.actor().id());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("attestation.reference.invalid", "pcrs", String.valueOf(e.getMessage()));
        }
    }

    private static NotFoundException notFound(String model, String release) {
        return new NotFoundException(
                "attestation.reference.not-found", "no reference values for " + model + " release " + release);
    }
}
