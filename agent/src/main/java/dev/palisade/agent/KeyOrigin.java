package dev.palisade.agent;

/**
 * Where a device's private key was made, reported with every credential: a fleet operator must be able to tell a key
 * that never left a secure element from one that lives in ordinary memory.
 */
public enum KeyOrigin {
    /** Generated inside a PKCS#11 token; the private key cannot be exported. */
    TOKEN,
    /** A software key the device's maker declared as such. */
    SOFTWARE,
    /** A simulated device: the key lives in the simulator's memory. */
    SIMULATED
}
