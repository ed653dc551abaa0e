package dev.palisade.agent;

/** Where a device agent stands. */
public enum AgentState {
    /** Holds an operational certificate, not connected yet. */
    ENROLLED,
    /** Connected to the broker: telemetry flows. */
    CONNECTED,
    /** Lost its connection for a reason that may pass (network, broker restart); retrying after a jittered delay. */
    BACKING_OFF,
    /**
     * The server quarantined the device: the broker lets it reach only its remediation topics, and says so at CONNACK
     * or in the reason string of what it refuses. The agent publishes no telemetry, closes its session and checks back
     * after a growing delay; once the broker no longer says so (the device was released), it is {@link #CONNECTED}
     * again.
     */
    QUARANTINED,
    /**
     * The broker refused this device's credential (revoked, not allowed to connect, unknown): it stops publishing and stops
     * trying. Only provisioning anew brings it back; retrying with the same credential would only add load and noise.
     */
    REFUSED,
    /**
     * Decommissioned: the server sent the wipe command, and the agent destroyed its credentials (the key and chain in
     * its token, or its key and certificate files) and stopped for good. Only re-manufacturing brings the device back.
     */
    WIPED,
    /** Stopped by its owner. */
    STOPPED
}
