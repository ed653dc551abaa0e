package dev.palisade.api.idempotency;

import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.TenantDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a creating request at most once per {@code Idempotency-Key}. The key, a fingerprint of the request and the
 * response are stored in the transaction that creates the resource, so a retry after a lost response gets the first
 * response (flagged {@code Idempotent-Replayed: true}) and a crash before the commit leaves nothing to replay. Reusing
 * a key for a different request is refused. Secrets in a response (a new token's value) are stored redacted and
 * cannot be replayed. Keys are kept for a day.
 */
@Component
public class IdempotentCreation {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final TenantTransactions transactions;
    private final IdempotencyRecords records;
    private final TenantDirectory tenants;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentCreation(
            TenantTransactions transactions,
            IdempotencyRecords records,
            TenantDirectory tenants,
            JsonMapper json,
            Clock clock) {
        this.transactions = transactions;
        this.records = records;
        this.tenants = tenants;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates with {@code action} (which joins this transaction) and answers 201 with its result, or replays the
     * stored response of an earlier request with the same key.
     *
     * @param operation names the endpoint, so a key reused on another endpoint counts as a different request
     * @param replayView what to store for replays: the result without secrets
     */
    public <T> ResponseEntity<Object> create(
            Caller caller,
            @Nullable String key,
            String operation,
            Object request,
            Supplier<T> action,
            Function<T, Object> replayView) {
        if (key == null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(action.get());
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException(
                    "request.invalid-header", HEADER, HEADER + " must be 1 to 255 visible ASCII characters");
        }
        byte[] fingerprint = fingerprint(operation, request);
        String principal = caller.operator().toString();
        TenantId tenant = caller.tenant();
        return transactions.inTenant(tenant, () -> {
            records.lock(tenant, principal, key);
            Optional<IdempotencyRecords.StoredResponse> earlier = records.find(tenant, principal, key);
            if (earlier.isPresent()
                    && earlier.get().createdAt().isAfter(clock.instant().minus(RETENTION))) {
                return replay(earlier.get(), fingerprint);
            }
            earlier.ifPresent(expired -> records.delete(tenant, principal, key));
            T result = action.get();
            String stored = json.writeValueAsString(replayView.apply(result));
            records.insert(tenant, principal, key, fingerprint, HttpStatus.CREATED.value(), stored, clock.instant());
            return ResponseEntity.status(HttpStatus.CREATED).body(result);
        });
    }

    /** Drops keys older than the retention period, tenant by tenant. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpired() {
        Instant cutoff = clock.instant().minus(RETENTION);
        for (TenantId tenant : tenants.all()) {
            transactions.inTenant(tenant, () -> records.deleteOlderThan(tenant, cutoff));
        }
    }

    private ResponseEntity<Object> replay(IdempotencyRecords.StoredResponse earlier, byte[] fingerprint) {
        if (!MessageDigest.isEqual(earlier.fingerprint(), fingerprint)) {
            throw new ConflictException(
                    "request.idempotency-key-reused", "this " + HEADER + " was used for a different request");
        }
        return ResponseEntity.status(earlier.status()).header(REPLAYED, "true").body(json.readTree(earlier.body()));
    }

    private byte[] fingerprint(String operation, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(json.writeValueAsBytes(request));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
