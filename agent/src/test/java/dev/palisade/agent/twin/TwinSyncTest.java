package dev.palisade.agent.twin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.agent.Outcome;
import dev.palisade.protocol.twin.DesiredState;
import dev.palisade.protocol.twin.ReportedState;
import dev.palisade.protocol.twin.TwinRequest;
import dev.palisade.protocol.twin.TwinResponse;
import dev.palisade.protocol.twin.TwinState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The twin's version logic and reports, on the test's thread, with a publisher that records what it is given. */
class TwinSyncTest {

    private static final String DEVICE = "meter-1";
    private static final TwinState ECO = new TwinState(Map.of("mode", "eco"));
    private static final TwinState BOOST = new TwinState(Map.of("mode", "boost"));

    @TempDir
    Path dir;

    private final List<String> published = new ArrayList<>();
    private final List<DesiredState> appliedByApplication = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private Outcome brokerAnswer = Outcome.ACCEPTED;

    @Test
    void eachConnectionAsksForTheDesiredStateAndADeviceWithNothingKeptReportsNothing() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());

        twin.connected(this::publish, true);
        twin.connected(this::publish, true);

        assertThat(published)
                .hasSize(2)
                .allSatisfy(
                        message -> assertThat(message).startsWith(TwinRequest.topic(DEVICE) + " {\"requestId\":\""));
        assertThat(heard).containsExactly("asked 0", "asked 0");
    }

    @Test
    void aNewerDesiredStateIsAppliedKeptAndReportedWithItsVersion() throws Exception {
        TwinStore store = TwinStore.inMemory();
        TwinSync twin = twin(store);
        twin.connected(this::publish, true);
        published.clear();

        twin.received(DesiredState.topic(DEVICE), new DesiredState(1, ECO).toBytes());
        twin.received(DesiredState.topic(DEVICE), new DesiredState(4, BOOST).toBytes());

        assertThat(appliedByApplication).extracting(DesiredState::version).containsExactly(1L, 4L);
        assertThat(published).containsExactly(report(new ReportedState(1, ECO)), report(new ReportedState(4, BOOST)));
        assertThat(twin.appliedVersion()).isEqualTo(4);
        assertThat(store.load()).contains(new ReportedState(4, BOOST));
        assertThat(heard).contains("applied 1", "applied 4", "reported 4 accepted");
    }

    @Test
    void staleAndDuplicateVersionsAreIgnored() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());
        twin.connected(this::publish, true);
        twin.received(DesiredState.topic(DEVICE), new DesiredState(5, ECO).toBytes());
        published.clear();

        twin.received(DesiredState.topic(DEVICE), new DesiredState(5, ECO).toBytes());
        twin.received(DesiredState.topic(DEVICE), new DesiredState(3, BOOST).toBytes());
        twin.received(
                TwinResponse.topic(DEVICE), new TwinResponse("r1", Optional.of(new DesiredState(2, BOOST))).toBytes());

        assertThat(appliedByApplication).extracting(DesiredState::version).containsExactly(5L);
        assertThat(published).as("nothing reported again").isEmpty();
        assertThat(twin.reported()).isEqualTo(new ReportedState(5, ECO));
        assertThat(heard).contains("ignored 5 at 5", "ignored 3 at 5", "ignored 2 at 5");
    }

    @Test
    void theAnswerToAGetIsAppliedLikeAPublishedDocumentAndAnEmptyAnswerChangesNothing() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());
        twin.connected(this::publish, true);
        published.clear();

        twin.received(TwinResponse.topic(DEVICE), new TwinResponse("r1", Optional.empty()).toBytes());
        twin.received(
                TwinResponse.topic(DEVICE), new TwinResponse("r2", Optional.of(new DesiredState(2, ECO))).toBytes());

        assertThat(appliedByApplication).extracting(DesiredState::version).containsExactly(2L);
        assertThat(published).containsExactly(report(new ReportedState(2, ECO)));
    }

    @Test
    void aRestartedDeviceReportsWhatItKeptAgainAndDoesNotApplyTheSameVersionTwice() throws Exception {
        TwinFile file = new TwinFile(dir.resolve("twin.json"));
        TwinSync before = twin(file);
        before.connected(this::publish, true);
        before.received(DesiredState.topic(DEVICE), new DesiredState(3, ECO).toBytes());
        published.clear();
        appliedByApplication.clear();

        TwinSync restarted = twin(file);
        restarted.connected(this::publish, true);
        restarted.received(
                TwinResponse.topic(DEVICE), new TwinResponse("r1", Optional.of(new DesiredState(3, ECO))).toBytes());
        restarted.received(DesiredState.topic(DEVICE), new DesiredState(4, BOOST).toBytes());

        assertThat(restarted.appliedVersion()).isEqualTo(4);
        assertThat(appliedByApplication).extracting(DesiredState::version).containsExactly(4L);
        assertThat(published.get(0)).as("the kept report first").isEqualTo(report(new ReportedState(3, ECO)));
        assertThat(published.get(1)).startsWith(TwinRequest.topic(DEVICE));
        assertThat(published.subList(2, published.size())).containsExactly(report(new ReportedState(4, BOOST)));
        assertThat(ReportedState.parse(Files.readAllBytes(file.file()))).isEqualTo(new ReportedState(4, BOOST));
    }

    @Test
    void aDocumentTheApplicationRefusesIsNeitherKeptNorReportedAndComesAgain() throws Exception {
        TwinStore store = TwinStore.inMemory();
        List<Long> offered = new ArrayList<>();
        TwinSync twin = new TwinSync(
                DEVICE,
                store,
                desired -> {
                    offered.add(desired.version());
                    if (offered.size() == 1) {
                        throw new IllegalStateException("the valve is stuck");
                    }
                    return desired.state();
                },
                listener(),
                Runnable::run);
        twin.connected(this::publish, true);
        published.clear();

        twin.received(DesiredState.topic(DEVICE), new DesiredState(1, ECO).toBytes());
        long appliedAfterRefusal = twin.appliedVersion();
        twin.received(
                TwinResponse.topic(DEVICE), new TwinResponse("r", Optional.of(new DesiredState(1, ECO))).toBytes());

        assertThat(appliedAfterRefusal).isZero();
        assertThat(offered).containsExactly(1L, 1L);
        assertThat(heard).contains("refused 1: the valve is stuck", "applied 1");
        assertThat(published).containsExactly(report(new ReportedState(1, ECO)));
    }

    @Test
    void unreadableMessagesAreDroppedWithTheReason() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());
        twin.connected(this::publish, true);
        published.clear();

        twin.received(DesiredState.topic(DEVICE), "{\"version\":2,\"state\":{\"a\":1.5}}".getBytes(UTF_8));
        twin.received(TwinResponse.topic(DEVICE), "not json".getBytes(UTF_8));

        assertThat(twin.appliedVersion()).isZero();
        assertThat(published).isEmpty();
        assertThat(heard.stream().filter(line -> line.startsWith("unreadable"))).hasSize(2);
    }

    @Test
    void aReportTheBrokerDidNotTakeIsPublishedAgainOnTheNextConnection() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());
        twin.connected(this::publish, true);
        brokerAnswer = Outcome.FAILED;
        twin.received(DesiredState.topic(DEVICE), new DesiredState(1, ECO).toBytes());
        brokerAnswer = Outcome.ACCEPTED;
        published.clear();

        twin.connected(this::publish, true);
        twin.connected(this::publish, true);

        assertThat(published.stream().filter(message -> message.startsWith(ReportedState.topic(DEVICE))))
                .as("once again, then no more: the broker took it")
                .containsExactly(report(new ReportedState(1, ECO)));
    }

    @Test
    void theApplicationReportsItsOwnChangesWithTheVersionApplied() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());
        CompletableFuture<Outcome> offline = twin.report(new TwinState(Map.of("door", "open")));
        twin.connected(this::publish, true);
        twin.received(DesiredState.topic(DEVICE), new DesiredState(2, ECO).toBytes());
        published.clear();

        Outcome online = twin.report(new TwinState(Map.of("mode", "eco", "door", "closed")))
                .join();

        assertThat(offline.join()).as("no session yet").isEqualTo(Outcome.FAILED);
        assertThat(online).isEqualTo(Outcome.ACCEPTED);
        assertThat(published)
                .containsExactly(report(new ReportedState(2, new TwinState(Map.of("mode", "eco", "door", "closed")))));
    }

    @Test
    void aPolicyWithoutTheTwinTopicsSilencesTheTwin() throws Exception {
        TwinSync twin = twin(TwinStore.inMemory());

        twin.connected(this::publish, false);

        assertThat(published).isEmpty();
        assertThat(heard).containsExactly("unavailable");
        assertThat(twin.filters()).containsExactly("devices/meter-1/twin/desired", "devices/meter-1/twin/get/response");
    }

    @Test
    void aTwinFileThatIsNotAReportIsRefusedAtStart() throws Exception {
        Path file = Files.writeString(dir.resolve("twin.json"), "{\"desiredVersion\":-1,\"state\":{}}");

        assertThatThrownBy(() -> twin(new TwinFile(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold a reported twin state");
    }

    private TwinSync twin(TwinStore store) throws IOException {
        return new TwinSync(
                DEVICE,
                store,
                desired -> {
                    appliedByApplication.add(desired);
                    return desired.state();
                },
                listener(),
                Runnable::run);
    }

    private TwinSync.Listener listener() {
        return new TwinSync.Listener() {
            @Override
            public void asked(long appliedVersion) {
                heard.add("asked " + appliedVersion);
            }

            @Override
            public void applied(DesiredState desired, ReportedState reported) {
                heard.add("applied " + desired.version());
            }

            @Override
            public void ignored(DesiredState desired, long appliedVersion) {
                heard.add("ignored " + desired.version() + " at " + appliedVersion);
            }

            @Override
            public void refused(DesiredState desired, Exception why) {
                heard.add("refused " + desired.version() + ": " + why.getMessage());
            }

            @Override
            public void unreadable(String topic, String why) {
                heard.add("unreadable " + topic + ": " + why);
            }

            @Override
            public void reported(ReportedState reported, Outcome outcome) {
                heard.add("reported " + reported.desiredVersion() + " "
                        + outcome.name().toLowerCase(java.util.Locale.ROOT));
            }

            @Override
            public void unavailable() {
                heard.add("unavailable");
            }
        };
    }

    private CompletableFuture<Outcome> publish(String topic, byte[] payload) {
        published.add(topic + " " + new String(payload, UTF_8));
        return CompletableFuture.completedFuture(brokerAnswer);
    }

    private static String report(ReportedState state) {
        return ReportedState.topic(DEVICE) + " " + new String(state.toBytes(), UTF_8);
    }
}
