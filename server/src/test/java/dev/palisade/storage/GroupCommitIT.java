package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.support.Superuser;
import dev.palisade.support.WithServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Callers who commit together through {@link GroupCommit} share a transaction, and still each get the answer they
 * would have had alone: one unit's failure leaves nothing of it behind and takes nobody else's work with it.
 */
class GroupCommitIT extends WithServer {

    private static final int CALLERS = 40;

    @Autowired
    GroupCommit commits;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager platformTransactions;

    @BeforeEach
    void probeTable() throws SQLException {
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                Statement statement = superuser.createStatement()) {
            statement.execute("create table if not exists group_commit_probe (value text primary key)");
            String appRole = jdbc.sql("select current_user").query(String.class).single();
            statement.execute("grant select, insert on group_commit_probe to \"" + appRole + "\"");
        }
    }

    @Test
    void callersWhoArriveTogetherShareOneTransaction() throws Exception {
        List<Object> transactionIds = concurrently(index ->
                () -> jdbc.sql("select txid_current()").query(Long.class).single());

        assertThat(transactionIds).hasSize(CALLERS);
        // the first caller holds the committing thread until every other one has arrived: they queue behind it and
        // are committed together, so there are far fewer transactions than callers
        assertThat(new HashSet<>(transactionIds)).hasSizeLessThan(CALLERS / 2);
    }

    @Test
    void submittedBookkeepingIsCommittedWithoutItsCallerWaitingAndAFailingOneTakesNobodyWithIt() throws Exception {
        String run = UUID.randomUUID().toString();
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // hold the committing thread, so that the submissions below can only return if they do not wait for it
        Thread blocker = Thread.ofVirtual()
                .start(() -> commits.run(() -> {
                    holding.countDown();
                    awaitQuietly(release);
                    return 0;
                }));
        awaitQuietly(holding);

        for (int i = 0; i < 10; i++) {
            int index = i;
            commits.submit(() -> {
                jdbc.sql("insert into group_commit_probe (value) values (?)")
                        .param(run + "/" + index)
                        .update();
                if (index == 3) {
                    throw new IllegalStateException("unit 3 fails");
                }
            });
        }
        assertThat(rows(run)).as("nothing committed while the worker is held").isZero();
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(run) == 9);
        assertThat(jdbc.sql("select count(*) from group_commit_probe where value = ?")
                        .param(run + "/3")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(blocker.join(Duration.ofSeconds(30))).isTrue();
    }

    private long rows(String run) {
        return jdbc.sql("select count(*) from group_commit_probe where value like ?")
                .param(run + "/%")
                .query(Long.class)
                .single();
    }

    @Test
    void aFailingCallerLeavesNothingAndTakesNobodyWithIt() throws Exception {
        String run = UUID.randomUUID().toString();

        List<Object> outcomes = concurrently(index -> () -> {
            jdbc.sql("insert into group_commit_probe (value) values (?)")
                    .param(run + "/" + index)
                    .update();
            if (index % 10 == 7) {
                throw new IllegalArgumentException("caller " + index + " refuses");
            }
            return index;
        });

        Set<String> committed = new HashSet<>(jdbc.sql("select value from group_commit_probe where value like ?")
                .param(run + "/%")
                .query(String.class)
                .list());
        for (int index = 0; index < CALLERS; index++) {
            if (index % 10 == 7) {
                assertThat(outcomes.get(index))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasFieldOrPropertyWithValue("message", "caller " + index + " refuses");
                assertThat(committed).doesNotContain(run + "/" + index);
            } else {
                assertThat(outcomes.get(index)).isEqualTo(index);
                assertThat(committed).contains(run + "/" + index);
            }
        }
    }

    @Test
    void aCallerWhoseStatementFailsInTheDatabaseGetsThatFailure() throws Exception {
        String run = UUID.randomUUID().toString();

        List<Object> outcomes =
                concurrently(index -> () -> jdbc.sql("insert into group_commit_probe (value) values (?)")
                        // callers 3 and 4 write the same value: whichever comes second violates the primary key
                        .param(run + "/" + (index == 4 ? 3 : index))
                        .update());

        long failures =
                outcomes.stream().filter(RuntimeException.class::isInstance).count();
        long rows = jdbc.sql("select count(*) from group_commit_probe where value like ?")
                .param(run + "/%")
                .query(Long.class)
                .single();
        assertThat(failures).isOne();
        assertThat(rows).isEqualTo(CALLERS - 1);
    }

    @Test
    void itemsHandedToOneBatchAreDoneTogetherAndEachGetsItsOwnOutcome() throws Exception {
        String run = UUID.randomUUID().toString();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit.Batched<Integer, Integer> inserts = items -> {
            batchSizes.add(items.size());
            List<GroupCommit.Outcome<Integer>> outcomes = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int item : items) {
                if (item % 10 == 7) {
                    outcomes.add(
                            GroupCommit.Outcome.refused(new IllegalArgumentException("item " + item + " refused")));
                } else {
                    values.add(run + "/" + item);
                    outcomes.add(GroupCommit.Outcome.of(item * 2));
                }
            }
            jdbc.sql("insert into group_commit_probe (value) select unnest(?::text[])")
                    .param(values.toArray(String[]::new))
                    .update();
            return outcomes;
        };

        List<Object> outcomes = batchedConcurrently(inserts);

        Set<String> committed = committed(run);
        for (int index = 0; index < CALLERS; index++) {
            if (index % 10 == 7) {
                assertThat(outcomes.get(index))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasFieldOrPropertyWithValue("message", "item " + index + " refused");
                assertThat(committed).doesNotContain(run + "/" + index);
            } else {
                assertThat(outcomes.get(index)).isEqualTo(index * 2);
                assertThat(committed).contains(run + "/" + index);
            }
        }
        assertThat(batchSizes)
                .as("items queued while the committing thread was busy are done together")
                .anySatisfy(size -> assertThat(size).isGreaterThan(1));
    }

    @Test
    void anItemABatchNamesAsFailedIsAnsweredAloneAndTheOthersAreDoneAgainWithoutIt() throws Exception {
        String run = UUID.randomUUID().toString();
        GroupCommit.Batched<Integer, Integer> inserts = items -> {
            List<GroupCommit.Outcome<Integer>> outcomes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int item = items.get(i);
                jdbc.sql("insert into group_commit_probe (value) values (?)")
                        .param(run + "/" + item)
                        .update();
                if (item == 13) {
                    // written already: only a rollback takes it back
                    throw new GroupCommit.ItemFailed(i, new IllegalStateException("item 13 failed"));
                }
                outcomes.add(GroupCommit.Outcome.of(item));
            }
            return outcomes;
        };

        List<Object> outcomes = batchedConcurrently(inserts);

        Set<String> committed = committed(run);
        assertThat(outcomes.get(13))
                .isInstanceOf(IllegalStateException.class)
                .hasFieldOrPropertyWithValue("message", "item 13 failed");
        assertThat(committed).doesNotContain(run + "/13").hasSize(CALLERS - 1);
        for (int index = 0; index < CALLERS; index++) {
            if (index != 13) {
                assertThat(outcomes.get(index)).isEqualTo(index);
            }
        }
    }

    @Test
    void whenABatchFailsWithoutNamingAnItemEachItemIsDoneAlone() throws Exception {
        String run = UUID.randomUUID().toString();
        GroupCommit.Batched<Integer, Integer> inserts = items -> {
            jdbc.sql("insert into group_commit_probe (value) select unnest(?::text[])")
                    // items 3 and 4 write the same value: the statement fails for the batch that holds both
                    .param(items.stream()
                            .map(item -> run + "/" + (item == 4 ? 3 : item))
                            .toArray(String[]::new))
                    .update();
            return items.stream().map(GroupCommit.Outcome::of).toList();
        };

        List<Object> outcomes = batchedConcurrently(inserts);

        assertThat(outcomes).filteredOn(RuntimeException.class::isInstance).hasSize(1);
        assertThat(committed(run)).hasSize(CALLERS - 1);
    }

    private Set<String> committed(String run) {
        return new HashSet<>(jdbc.sql("select value from group_commit_probe where value like ?")
                .param(run + "/%")
                .query(String.class)
                .list());
    }

    @Test
    void insideATransactionTheWorkJoinsIt() {
        String run = UUID.randomUUID().toString();

        assertThatThrownBy(() -> new TransactionTemplate(platformTransactions).executeWithoutResult(status -> {
                    commits.run(() -> jdbc.sql("insert into group_commit_probe (value) values (?)")
                            .param(run)
                            .update());
                    throw new IllegalStateException("the surrounding transaction rolls back");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(jdbc.sql("select count(*) from group_commit_probe where value = ?")
                        .param(run)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private interface Caller {
        Supplier<Object> work(int index);
    }

    /**
     * Has {@value #CALLERS} threads commit their work at once, the first holding the committing thread until all the
     * others have started; returns each caller's result, or what it threw, by its index.
     */
    private List<Object> concurrently(Caller caller) throws Exception {
        var othersStarted = new CountDownLatch(CALLERS - 1);
        List<Future<Object>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    Supplier<Object> work = caller.work(index);
                    if (index > 0) {
                        othersStarted.countDown();
                        return outcome(work);
                    }
                    return outcome(() -> {
                        awaitQuietly(othersStarted);
                        return work.get();
                    });
                }));
                if (index == 0) {
                    Thread.sleep(50); // the first caller reaches the committing thread before the others queue
                }
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        }
    }

    /**
     * Has {@value #CALLERS} threads hand an item each (its index) to {@code batched} at once, while the committing
     * thread is held until all of them have started; returns each item's result, or what it threw, by its index.
     */
    private List<Object> batchedConcurrently(GroupCommit.Batched<Integer, Integer> batched) throws Exception {
        var started = new CountDownLatch(CALLERS);
        var holding = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual()
                .start(() -> commits.run(() -> {
                    holding.countDown();
                    awaitQuietly(started);
                    return 0;
                }));
        awaitQuietly(holding);
        List<Future<Object>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    started.countDown();
                    try {
                        return commits.run(batched, index);
                    } catch (RuntimeException refused) {
                        return refused;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            assertThat(holder.join(Duration.ofSeconds(30))).isTrue();
            return outcomes;
        }
    }

    private Object outcome(Supplier<Object> work) {
        try {
            return commits.run(work);
        } catch (RuntimeException refused) {
            return refused;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
