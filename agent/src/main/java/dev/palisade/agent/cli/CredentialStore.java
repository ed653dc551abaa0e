package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.DeviceKeys;
import java.io.IOException;

/**
 * Where the command line keeps a device's operational credential between runs: files in its directory ({@link
 * CredentialFiles}), or a PKCS#11 token ({@link TokenCredentials}). {@code enrol} keeps the first credential here,
 * {@code run} each renewed one, and the wipe destroys it.
 */
interface CredentialStore {

    /** Where new keys are made for the next enrolment or renewal. */
    DeviceKeys keys();

    /** The credential kept now; a renewal a stop interrupted is finished, or forgotten, first. */
    DeviceCredential load() throws IOException;

    /**
     * Keeps {@code credential} in place of the current one, durably, so that a device stopped at any moment holds the
     * old credential or the new one, never neither.
     */
    void keep(DeviceCredential credential) throws IOException;

    /** Destroys the credential wherever it is kept: the wipe. */
    void destroy() throws IOException;

    /** Where the key is, for the operator. */
    String keyLocation();
}
