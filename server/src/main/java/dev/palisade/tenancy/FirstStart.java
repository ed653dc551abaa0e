package dev.palisade.tenancy;

import dev.palisade.audit.Actor;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.TenantFounder;
import dev.palisade.tenancy.internal.TenantRepository;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * On the first start of an installation: creates the platform tenant, its administrator and an admin token, and
 * writes the token to a file only its owner can read. The file is written before the transaction commits, so a crash
 * never leaves a committed token that nobody holds; a crash before the commit simply repeats the first start.
 */
@Component
@Order(10)
public class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final TenantTransactions transactions;
    private final TenantRepository tenants;
    private final TenantFounder founder;
    private final TenancySettings settings;
    private final DataDirectory dataDirectory;
    private volatile Outcome outcome = new Outcome(false, Path.of(""));

    FirstStart(
            TenantTransactions transactions,
            TenantRepository tenants,
            TenantFounder founder,
            TenancySettings settings,
            DataDirectory dataDirectory) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.founder = founder;
        this.settings = settings;
        this.dataDirectory = dataDirectory;
    }

    @Override
    public void run(ApplicationArguments args) {
        Path tokenFile = dataDirectory.adminTokenFile();
        try {
            boolean created = transactions.acrossTenants(() -> {
                if (tenants.findPlatform().isPresent()) {
                    return false;
                }
                createPlatformTenant(tokenFile);
                return true;
            });
            outcome = new Outcome(created, tokenFile);
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            outcome = new Outcome(false, tokenFile);
        }
        if (outcome.createdNow()) {
            log.info("First start: created the platform tenant and an admin token in {}", tokenFile);
        }
    }

    /** What the first start did, for the start-up banner. */
    public Outcome outcome() {
        return outcome;
    }

    private void createPlatformTenant(Path tokenFile) {
        TenantCreated created = founder.found(
                new TenantFounder.Founding(
                        settings.platformTenantSlug(),
                        "Platform",
                        true,
                        "admin",
                        "bootstrap",
                        settings.bootstrapTokenTtl(),
                        Map.of("platform", "true")),
                Actor.system("first-start"),
                "first-start-" + UUID.randomUUID());
        SecretFiles.ownerOnlyDirectory(dataDirectory.secrets());
        SecretFiles.writeString(tokenFile, created.adminToken().secret() + "\n");
    }

    /**
     * @param createdNow whether this start created the platform tenant and wrote the token file
     * @param adminTokenFile where the first start writes (or wrote) the admin token
     */
    public record Outcome(boolean createdNow, Path adminTokenFile) {}
}
