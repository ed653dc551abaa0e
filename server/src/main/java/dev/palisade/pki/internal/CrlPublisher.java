package dev.palisade.pki.internal;

import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.PkiSettings;
import dev.palisade.pki.x509.Crls;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.pki.x509.SignedCrl;
import dev.palisade.storage.TenantTransactions;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes each authority's CRLs: a full CRL with every revoked certificate, and a delta CRL with those revoked since
 * the previous full CRL, so that a relying party holding that one can catch up cheaply. Both are re-published after
 * every revocation and on a schedule (at half their validity), stored, and served from memory.
 */
@Component
public class CrlPublisher {

    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);

    private final TenantTransactions transactions;
    private final CrlRepository crls;
    private final CaRegistry registry;
    private final RevocationIndex revocations;
    private final KeyCustody keys;
    private final PkiSettings settings;
    private final Clock clock;
    private final Map<CaId, Published> published = new ConcurrentHashMap<>();

    CrlPublisher(
            TenantTransactions transactions,
            CrlRepository crls,
            CaRegistry registry,
            RevocationIndex revocations,
            KeyCustody keys,
            PkiSettings settings,
            Clock clock) {
        this.transactions = transactions;
        this.crls = crls;
        this.registry = registry;
        this.revocations = revocations;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /** The newest full CRL (DER) of {@code ca}. */
    public Optional<byte[]> full(CaId ca) {
        return Optional.ofNullable(published.get(ca)).map(p -> p.full().der());
    }

    /** The newest delta CRL (DER) of {@code ca}. */
    public Optional<byte[]> delta(CaId ca) {
        return Optional.ofNullable(published.get(ca)).map(p -> p.delta().der());
    }

    /** Signs and stores a new full and delta CRL of {@code ca}. Serialised: CRL numbers only ever grow. */
    public synchronized void publish(CertificateAuthority ca) {
        if (ca.certificate() == null) {
            return;
        }
        SigningKey key = keys.find(ca.keyAlias())
                .orElseThrow(() -> new IllegalStateException("the key of CA " + ca.id() + " is missing from custody"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = now.plus(settings.crlValidity());
        Instant caEnd = ca.requireCertificate().getNotAfter().toInstant();
        Instant validUntil = nextUpdate.isAfter(caEnd) ? caEnd : nextUpdate;
        List<RevokedEntry> entries = revocations.entries(ca.id());
        Published previous = published.get(ca.id());
        // The delta lists what its base (the previous full CRL) lacks. Chosen by set, not by revocation time: a
        // revocation timed before the base was signed but committed after it is in neither the base nor, by time,
        // the delta, and a relying party combining the two would miss it.
        Set<BigInteger> listed = entries.stream().map(RevokedEntry::serial).collect(Collectors.toUnmodifiableSet());
        Set<BigInteger> inBase = previous == null ? listed : previous.serials(); // no previous: the base is this one
        transactions.inTenant(ca.tenant(), () -> {
            long number = crls.lastNumber(ca.tenant(), ca.id());
            BigInteger fullNumber = BigInteger.valueOf(number + 1);
            BigInteger baseNumber =
                    previous == null ? fullNumber : previous.full().number();
            SignedCrl full = Crls.full(ca.requireCertificate(), key, fullNumber, now, validUntil, entries);
            SignedCrl delta = Crls.delta(
                    ca.requireCertificate(),
                    key,
                    BigInteger.valueOf(number + 2),
                    baseNumber,
                    now,
                    validUntil,
                    entries.stream()
                            .filter(entry -> !inBase.contains(entry.serial()))
                            .toList());
            crls.insert(ca.tenant(), ca.id(), full);
            crls.insert(ca.tenant(), ca.id(), delta);
            published.put(ca.id(), new Published(full, delta, listed));
        });
        log.debug("Published CRL of CA {} with {} entries", ca.id(), entries.size());
    }

    /** Re-publishes CRLs that reached half their validity, and those of authorities that have none yet. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void refresh() {
        Instant halfway = clock.instant().plus(settings.crlValidity().dividedBy(2));
        for (CertificateAuthority ca : registry.certified()) {
            Published current = published.get(ca.id());
            // an authority's CRL is published as long as its certificates could still be presented
            boolean unexpired =
                    ca.requireCertificate().getNotAfter().toInstant().isAfter(clock.instant());
            if (unexpired && (current == null || current.full().nextUpdate().isBefore(halfway))) {
                try {
                    publish(ca);
                } catch (RuntimeException e) {
                    log.error("Cannot publish the CRL of CA {}", ca.id(), e);
                }
            }
        }
    }

    /** The newest CRLs, and the serials the full one lists (the base of the next delta). */
    private record Published(SignedCrl full, SignedCrl delta, Set<BigInteger> serials) {}
}
