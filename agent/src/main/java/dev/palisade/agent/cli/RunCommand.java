package dev.palisade.agent.cli;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.Backoff;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.EstEnrolment;
import dev.palisade.agent.ManagedDevice;
import dev.palisade.agent.Outcome;
import dev.palisade.agent.RenewalLoop;
import dev.palisade.agent.RenewalSchedule;
import dev.palisade.agent.attest.AttestationLoop;
import dev.palisade.agent.attest.Tpm;
import dev.palisade.agent.twin.TwinSync;
import dev.palisade.protocol.ota.UpdateDirective;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code palisade-agent run}: the device's life with its operational certificate. It connects, publishes a measurement
 * every interval and reports each state change; renews its certificate over EST before it runs out (at a random point
 * of its lifetime, retrying with jittered backoff), keeps the new credential durably and moves the session onto it;
 * with {@code --ota-dir}, installs the updates the server directs into the inactive slot and ends with exit code 7 so
 * that its service manager starts it again from that slot, where the trial's health check runs. It keeps the device's
 * twin in step (in {@code --twin-file} across restarts) and, with {@code --attest-every}, attests with the TPM in the
 * background. It ends with exit code 3 once the broker refuses it, and with 6 after the server's wipe order, having
 * destroyed its credentials, in the token or in the directory, before acknowledging the order.
 */
@Command(
        name = "run",
        description = "Connect with the operational certificate and publish telemetry until stopped, refused or wiped;"
                + " renew the certificate before it runs out; keep the twin in step; with --ota-dir, take the server's"
                + " updates; with --attest-every, attest with the TPM while running.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done: --count measurements sent",
            "1:bad usage",
            "3:refused by the broker (revoked or barred): provision the device anew",
            "4:the broker cannot be reached",
            "5:an unexpected failure (the reason is printed)",
            "6:wiped: the device was decommissioned and its credential destroyed",
            "7:an update left another slot active: start run again, from the active slot",
            "8:the certificate expired before it could be renewed: enrol again",
            "11:--attest-every: tpm2-tools are missing or the TPM failed at start (the tool's message is printed)"
        })
final class RunCommand implements Callable<Integer> {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(15);

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--id", required = true, description = "The device's id.")
    String id = "";

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Where enrol left device.pem (and device.key); renewals replace them here.")
    Path dir = Path.of(".");

    @Option(
            names = "--label",
            paramLabel = "TENANT",
            description = "The tenant's slug, as the EST label of renewals (default: none; the certificate names the"
                    + " tenant).")
    @Nullable
    String label;

    @Option(
            names = "--interval",
            defaultValue = "PT5S",
            description = "Time between measurements (default: ${DEFAULT-VALUE}).")
    Duration interval = Duration.ofSeconds(5);

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many measurements (default: never).")
    long count;

    @Option(
            names = "--renew-before",
            paramLabel = "DURATION",
            description = "Renew at the latest when this much of the certificate's validity is left (default: only at"
                    + " a random point between 60 %% and 80 %% of its lifetime).")
    @Nullable
    Duration renewBefore;

    @Option(
            names = "--twin-file",
            paramLabel = "FILE",
            description = "Keep the twin here across restarts: the last desired version applied and the state"
                    + " reported (default: in memory, for this run only).")
    @Nullable
    Path twinFile;

    @Option(
            names = "--attest-every",
            paramLabel = "DURATION",
            description = "Attest with the TPM (options --tpm-*) while running, about this often: at a random point of"
                    + " the last fifth of each interval, the first within the first fifth (default: never). Keep it"
                    + " below the tenant's re-attestation interval.")
    @Nullable
    Duration attestEvery;

    @Mixin
    TpmOptions tpmOptions = new TpmOptions();

    @ArgGroup(exclusive = false, heading = "%nUpdates (all of the required ones, or none):%n")
    @Nullable
    OtaOptions ota;

    @Spec
    @Nullable
    CommandSpec spec;

    private final CompletableFuture<Integer> ending = new CompletableFuture<>();
    private volatile @Nullable ManagedDevice device;

    @Override
    public Integer call() throws Exception {
        PrintWriter printed = AgentMain.out(spec);
        CredentialStore store = keyOptions.store(id, dir);
        DeviceCredential held = store.load();
        var endpoints = endpoint.endpoints();
        Clock clock = Clock.systemUTC();
        var schedule = new RenewalSchedule(new SecureRandom(), renewBefore);
        Tpm tpm = attestEvery == null ? null : openTpm(attestEvery);
        TwinSync twin = RunTwin.open(id, twinFile, printed);
        OtaOptions updating = ota;
        RunUpdates updates = updating == null
                ? null
                : new RunUpdates(updating, id, endpoints, this::credential, this::agent, printed, ending::complete);
        var managed = new ManagedDevice(
                id,
                endpoints,
                new EstEnrolment(endpoints, label, store.keys()),
                schedule,
                clock,
                (agent, state, why) -> changed(printed, state, why),
                updates,
                store::destroy,
                renewed -> keep(store, renewed),
                twin);
        device = managed;
        Thread renewals = null;
        Thread attestations = null;
        int exit = AgentMain.FAILED;
        try {
            Integer ended = connect(managed, held, updates, printed);
            if (ended != null) {
                exit = ended;
                return exit;
            }
            var loop = new RenewalLoop(
                    () -> Objects.requireNonNull(managed.credential()),
                    managed::renew,
                    schedule,
                    new Backoff(FIRST_RETRY, LONGEST_RETRY),
                    clock,
                    Thread::sleep,
                    new PrintedRenewals(printed, ending::complete));
            renewals = Thread.ofVirtual().name("renewal").start(loop);
            if (tpm != null) {
                AttestationLoop attesting = RunAttestation.loop(
                        Objects.requireNonNull(attestEvery), tpm, endpoints, id, this::credential, dir, printed, clock);
                attestations = Thread.ofVirtual().name("attestation").start(attesting);
            }
            exit = measure(printed);
            return exit;
        } finally {
            stop(renewals);
            stop(attestations);
            if (updates != null) {
                updates.close();
            }
            managed.close();
            twin.close();
            if (exit == AgentMain.WIPED) {
                // a renewal that was under way when the order came must not leave a credential behind
                store.destroy();
            }
        }
    }

    /** Connects with the credential held; the exit code when the run ends here, else null. */
    private @Nullable Integer connect(
            ManagedDevice managed, DeviceCredential held, @Nullable RunUpdates updates, PrintWriter printed)
            throws Exception {
        String failure = null;
        try {
            managed.resume(held);
        } catch (EnrolmentException e) {
            failure = e.getMessage();
        }
        if (state() == AgentState.REFUSED) {
            return AgentMain.REFUSED;
        }
        if (updates != null) {
            var resumed = updates.start();
            if (failure != null) {
                // an image on trial is given until its deadline to reach the broker; without one this returns at once
                resumed.get();
            }
            Objects.requireNonNull(managed.agent()).listening().thenRun(() -> {
                printed.printf(
                        Locale.ROOT,
                        "listening for updates on %s, running from slot %s%n",
                        UpdateDirective.topic(id),
                        updates.booted().fileName());
                printed.flush();
            });
        }
        if (ending.isDone()) {
            return ending.join();
        }
        if (failure != null && state() != AgentState.CONNECTED) {
            AgentMain.err(spec).println("palisade-agent: cannot connect: " + failure);
            return state() == AgentState.REFUSED ? AgentMain.REFUSED : AgentMain.UNREACHABLE;
        }
        return null;
    }

    /** Publishes until --count is reached or something ends the run; its exit code. */
    private int measure(PrintWriter printed) throws Exception {
        for (long sent = 0; count == 0 || sent < count; sent++) {
            Integer ended = ended();
            if (ended != null) {
                return ended;
            }
            DeviceAgent agent = agent();
            byte[] reading = String.format(Locale.ROOT, "{\"seq\":%d}", sent).getBytes(StandardCharsets.UTF_8);
            Outcome outcome = agent == null
                    ? Outcome.FAILED
                    : agent.publishTelemetry("status", reading).get(30, TimeUnit.SECONDS);
            printed.printf(
                    Locale.ROOT, "telemetry %d: %s%n", sent, outcome.name().toLowerCase(Locale.ROOT));
            printed.flush();
            try {
                return ending.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException nextMeasurement) {
                // nothing ended the run during the interval
            }
        }
        Integer ended = ended();
        return ended == null ? 0 : ended;
    }

    private @Nullable Integer ended() {
        if (ending.isDone()) {
            return ending.join();
        }
        return switch (state()) {
            case REFUSED -> AgentMain.REFUSED;
            case WIPED -> AgentMain.WIPED;
            default -> null;
        };
    }

    /**
     * Prints the change; a refusal or a wipe ends the run. Called on the MQTT client's threads: it must not wait for
     * the device, which may be waiting for a connection those threads complete.
     */
    private void changed(PrintWriter printed, AgentState state, String why) {
        printed.printf(Locale.ROOT, "%s: %s%n", state.name().toLowerCase(Locale.ROOT), why);
        printed.flush();
        switch (state) {
            case REFUSED -> ending.complete(AgentMain.REFUSED);
            case WIPED -> ending.complete(AgentMain.WIPED);
            default -> {
                // the run goes on
            }
        }
    }

    /** Keeps a renewed credential, unless the run is ending (a wipe among the reasons). */
    private void keep(CredentialStore store, DeviceCredential renewed) throws IOException {
        if (ending.isDone()) {
            throw new IllegalStateException("the run is ending: the renewed credential is not kept");
        }
        store.keep(renewed);
    }

    private static void stop(@Nullable Thread loop) throws InterruptedException {
        if (loop != null) {
            loop.interrupt();
            loop.join(Duration.ofSeconds(10));
        }
    }

    /** The TPM, checked before anything else is done: missing tools end the run at once (exit code 11). */
    private Tpm openTpm(Duration every) throws Exception {
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ParameterException(
                    Objects.requireNonNull(spec).commandLine(), "--attest-every is at least a second, not " + every);
        }
        return tpmOptions.open(dir);
    }

    private AgentState state() {
        DeviceAgent agent = agent();
        return agent == null ? AgentState.ENROLLED : agent.state();
    }

    private @Nullable DeviceAgent agent() {
        ManagedDevice current = device;
        return current == null ? null : current.agent();
    }

    private @Nullable DeviceCredential credential() {
        ManagedDevice current = device;
        return current == null ? null : current.credential();
    }
}
