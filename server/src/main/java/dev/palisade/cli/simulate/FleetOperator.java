package dev.palisade.cli.simulate;

import dev.palisade.agent.sim.SimulatedDevice;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the scenario runner asks of the operator's side, through the operator API: a tenant for the run, the factory
 * that makes its devices, revocations, and a CA rotation. The runner never touches the server's internals, so a run
 * measures what an operator and a fleet would see.
 */
public interface FleetOperator {

    /** Creates a tenant of the run's own (its slug starts with {@code name}) and acts as its administrator from then. */
    String createTenant(String name) throws IOException, InterruptedException;

    /** The offline root, which devices trust; waits for the first ceremony of a server that just started. */
    X509Certificate root() throws IOException, InterruptedException;

    /**
     * Registers a manufacturer with the tenant and makes the groups' devices, each with its own factory key and
     * bootstrap certificate, listed in signed manifests that the tenant imports; nothing registers them: each does so
     * at first contact.
     */
    List<SimulatedDevice> manufacture(List<DeviceGroup> groups) throws IOException, InterruptedException;

    /** Revokes the device's certificates ({@code POST /api/v1/devices/{id}/revoke-certificates}). */
    void revoke(String deviceId, String reason) throws IOException, InterruptedException;

    /** How many of the device's publishes and subscriptions the broker has refused so far, by its own count. */
    long refusalsCounted(String deviceId) throws IOException, InterruptedException;

    /**
     * Introduces a new issuing CA, has the offline root sign it, and imports the certificate: the new CA issues from
     * now on, the old one is retiring (still trusted).
     */
    CaRotation rotateCa() throws IOException, InterruptedException;

    /** Stops trusting a retiring CA. */
    void retireCa(String caId) throws IOException, InterruptedException;

    /**
     * A CA rotation done.
     *
     * @param oldCaId the CA that issued until now, retiring
     * @param newCa the certificate of the CA that issues from now on
     */
    record CaRotation(String oldCaId, X509Certificate newCa) {}
}
