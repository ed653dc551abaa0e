package dev.palisade.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work once the current transaction has committed, for listeners whose effect lives only in this process's
 * memory (the broker's copy of the fleet, live sessions, caches). A {@code @TransactionalEventListener} would do the
 * same, but the event publication registry makes each of those durable: a row written in the transaction and two more
 * transactions, each with its own disk flush, to mark it handled. For memory that is rebuilt from the database at every
 * start, that durability buys nothing and cost more than the change itself on the provisioning path. Work that must
 * survive a crash (a command to a device, a message to another system) keeps the durable listener.
 */
public final class AfterCommit {

    private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

    private AfterCommit() {}

    /**
     * Runs {@code work} after the current transaction commits, not at all if it rolls back, and at once outside a
     * transaction. A failure of {@code work} is logged: the transaction has committed and its caller is answered.
     */
    public static void run(String what, Runnable work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            runLogged(what, work);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    runLogged(what, work);
                }
            }
        });
    }

    private static void runLogged(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Could not apply {} after its commit", what, e);
        }
    }
}
