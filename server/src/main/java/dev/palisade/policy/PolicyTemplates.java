package dev.palisade.policy;

import static dev.palisade.policy.Action.CONNECT;
import static dev.palisade.policy.Action.PUBLISH;
import static dev.palisade.policy.Action.RECEIVE;
import static dev.palisade.policy.Action.SUBSCRIBE;

import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made documents for the per-device topic tree. Topics are the device's view within its tenant: the broker
 * mounts every tenant on its own topic tree, so no pattern names the tenant. Each device owns {@code
 * devices/<device id>/}:
 *
 * <pre>
 * devices/ID/telemetry/...           device publishes measurements
 * devices/ID/commands/...            device subscribes to and receives commands
 * devices/ID/twin/reported           device publishes its reported state
 * devices/ID/twin/desired/...        device subscribes to and receives desired state
 * devices/ID/twin/get                device asks for its twin ...
 * devices/ID/twin/get/response       ... and receives it here
 * devices/ID/ota/update              device subscribes to and receives update offers of rollouts
 * devices/ID/ota/status              device reports its progress installing an update
 * devices/ID/remediation/...         in quarantine: instructions to the device
 * devices/ID/remediation/status      in quarantine: the device's progress
 * provisioning/ID/enrol              before enrolment, with a bootstrap certificate: the certificate request ...
 * provisioning/ID/enrol/+            ... and its answer (accepted, rejected)
 * </pre>
 */
public final class PolicyTemplates {

    private static final String OWN = "devices/${device.id}/";

    private PolicyTemplates() {}

    /** The device may connect with its own id as client id, and with no other. */
    public static PolicyDocument connect() {
        return document("Connect with the device's own id as client id", connectStatement());
    }

    /** The device may publish telemetry below its own {@code telemetry} level. */
    public static PolicyDocument telemetry() {
        return document("Publish telemetry", telemetryStatement());
    }

    /** The device may subscribe to and receive its own commands. */
    public static PolicyDocument commands() {
        return document("Receive commands", commandsStatement());
    }

    /** The device may report its twin state, receive desired state, and ask for its twin. */
    public static PolicyDocument twin() {
        return new PolicyDocument(twinStatements(), "Device twin: reported, desired, get");
    }

    /**
     * The device may receive update offers on exactly its own {@code ota/update} topic and report progress on exactly
     * its own {@code ota/status}: no wildcard, so nothing else below {@code ota/} opens with it.
     */
    public static PolicyDocument ota() {
        return new PolicyDocument(otaStatements(), "Over-the-air updates: offers and progress");
    }

    /** Everything an active device needs: connect, telemetry, commands, twin and updates in one document. */
    public static PolicyDocument device() {
        var statements = new ArrayList<PolicyStatement>();
        statements.add(connectStatement());
        statements.add(telemetryStatement());
        statements.add(commandsStatement());
        statements.addAll(twinStatements());
        statements.addAll(otaStatements());
        return new PolicyDocument(statements, "An active device: connect, telemetry, commands, twin and updates");
    }

    /**
     * A quarantined device: it may connect, receive remediation instructions and report their status, and nothing
     * else. Compile it instead of the device's other documents, not beside them: allows add up, so combined with them
     * it would restrict nothing.
     */
    public static PolicyDocument quarantine() {
        return new PolicyDocument(
                List.of(
                        connectStatement(),
                        PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), OWN + "remediation/#")
                                .withDescription("Remediation instructions"),
                        PolicyStatement.allow(List.of(PUBLISH), OWN + "remediation/status")
                                .withDescription("Remediation progress")),
                "Quarantine: only remediation");
    }

    /**
     * A session opened with a manufacturer's bootstrap certificate, for the device's first contact: it may send its
     * certificate request on exactly {@code provisioning/<id>/enrol} and receive the answer one level below it, and
     * nothing else, whatever the tenant's policies say.
     */
    public static PolicyDocument bootstrap() {
        return new PolicyDocument(
                List.of(
                        PolicyStatement.allow(List.of(PUBLISH), "provisioning/${device.id}/enrol")
                                .withDescription("Certificate request"),
                        PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), "provisioning/${device.id}/enrol/+")
                                .withDescription("Its answer: accepted or rejected")),
                "Bootstrap: only enrolment");
    }

    private static PolicyStatement connectStatement() {
        return PolicyStatement.allow(List.of(CONNECT), "${device.id}").withDescription("Own id as client id");
    }

    private static PolicyStatement telemetryStatement() {
        return PolicyStatement.allow(List.of(PUBLISH), OWN + "telemetry/#").withDescription("Telemetry");
    }

    private static PolicyStatement commandsStatement() {
        return PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), OWN + "commands/#")
                .withDescription("Commands");
    }

    private static List<PolicyStatement> twinStatements() {
        return List.of(
                PolicyStatement.allow(List.of(PUBLISH), OWN + "twin/reported", OWN + "twin/get")
                        .withDescription("Report state; ask for the twin"),
                PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), OWN + "twin/desired/#", OWN + "twin/get/response")
                        .withDescription("Desired state; the twin asked for"));
    }

    private static List<PolicyStatement> otaStatements() {
        return List.of(
                PolicyStatement.allow(List.of(SUBSCRIBE, RECEIVE), OWN + "ota/update")
                        .withDescription("Update offers"),
                PolicyStatement.allow(List.of(PUBLISH), OWN + "ota/status").withDescription("Update progress"));
    }

    private static PolicyDocument document(String description, PolicyStatement statement) {
        return new PolicyDocument(List.of(statement), description);
    }
}
