package dev.palisade.storage;

import dev.palisade.shared.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a database transaction scoped to one tenant. Every query in Palisade filters by tenant in code; the
 * scope set here is the second layer: PostgreSQL row-level security lets the runtime role see only rows of the tenant
 * named in the transaction's {@code palisade.tenant_id} setting, so a query that forgets its filter still cannot read
 * another tenant's rows. Outside such a transaction the runtime role sees no tenant rows at all.
 *
 * <p>Nested calls join the surrounding transaction and switch the scope for their duration only, so that a platform
 * operation (creating a tenant, say) can write the new tenant's rows and the caller's audit record atomically.
 */
@Component
public class TenantTransactions {

    static final String TENANT_SETTING = "palisade.tenant_id";
    static final String PLATFORM_SETTING = "palisade.platform";

    private final TransactionTemplate readWrite;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate requiresNew;
    private final JdbcClient jdbc;

    public TenantTransactions(PlatformTransactionManager transactions, JdbcClient jdbc) {
        this.readWrite = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.requiresNew = new TransactionTemplate(transactions);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
    }

    /** Runs {@code work} in a transaction scoped to {@code tenant}; commits when it returns, rolls back if it throws. */
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return scoped(readWrite, TENANT_SETTING, tenant.toString(), work);
    }

    public void inTenant(TenantId tenant, Runnable work) {
        inTenant(tenant, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} in a transaction of its own, scoped to {@code tenant}, that commits when it returns even if the
     * caller is inside another transaction (which waits meanwhile). For work whose effects outside the database, a key
     * made or a certificate signed, must not vanish with the caller's rollback.
     */
    public <T> T inNewTransaction(TenantId tenant, Supplier<T> work) {
        return scoped(requiresNew, TENANT_SETTING, tenant.toString(), work);
    }

    public void inNewTransaction(TenantId tenant, Runnable work) {
        inNewTransaction(tenant, () -> {
            work.run();
            return null;
        });
    }

    /** Like {@link #inTenant(TenantId, Supplier)} for work that only reads. */
    public <T> T readInTenant(TenantId tenant, Supplier<T> work) {
        return scoped(readOnly, TENANT_SETTING, tenant.toString(), work);
    }

    /**
     * Runs {@code work} with the platform scope, under which the tenant registry (and only the registry) is visible
     * across tenants. Reserved for operations of the platform tenant's administrators and for start-up.
     */
    public <T> T acrossTenants(Supplier<T> work) {
        return scoped(readWrite, PLATFORM_SETTING, "on", work);
    }

    private <T> T scoped(TransactionTemplate template, String setting, String value, Supplier<T> work) {
        return template.execute(status -> {
            Scopes scopes = scopesOfThisTransaction();
            if (value.equals(scopes.values.get(setting))) {
                return work.get(); // already in this scope: nothing to set or restore
            }
            String previous = set(setting, value);
            scopes.values.put(setting, value);
            if (status.isNewTransaction()) {
                return work.get(); // the setting is transaction-local and ends with the transaction
            }
            try {
                return work.get();
            } finally {
                restore(setting, previous);
                scopes.values.put(setting, previous);
            }
        });
    }

    /**
     * What this transaction's settings hold, as far as this class set them. Nested work in the scope it is already in
     * (an audit append inside a tenant's change, each certificate of a batch) then costs no statement at all.
     */
    private Scopes scopesOfThisTransaction() {
        Scopes scopes = (Scopes) TransactionSynchronizationManager.getResource(this);
        if (scopes == null) {
            scopes = new Scopes();
            TransactionSynchronizationManager.bindResource(this, scopes);
            TransactionSynchronizationManager.registerSynchronization(scopes);
        }
        return scopes;
    }

    /**
     * Puts the surrounding transaction's scope back. If the nested work failed in the database, the transaction is
     * aborted and can only be rolled back, so there is nothing left to restore.
     */
    private void restore(String setting, String previous) {
        try {
            set(setting, previous);
        } catch (DataAccessException abortedTransaction) {
            // the original failure is already propagating and rolls the transaction back
        }
    }

    /** One transaction's settings; set aside while a transaction of its own runs inside it. */
    private final class Scopes implements TransactionSynchronization {

        private final Map<String, String> values = new HashMap<>();

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(TenantTransactions.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(TenantTransactions.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TenantTransactions.this);
        }
    }

    private String set(String setting, String value) {
        return jdbc.sql("select coalesce(current_setting(?, true), '') as previous, set_config(?, ?, true)")
                .param(setting)
                .param(setting)
                .param(value)
                .query((rs, row) -> rs.getString("previous"))
                .single();
    }
}
