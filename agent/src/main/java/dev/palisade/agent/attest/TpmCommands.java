package dev.palisade.agent.attest;

/**
 * The tpm2-tools command lines of attestation, as docs/attestation.md shows them; file names are relative to the TPM's
 * working directory. The endorsement key is the TCG default template of its algorithm, so {@code tpm2_createek} makes
 * the same key every time; the attestation key is a restricted signing key the TPM made under it.
 */
final class TpmCommands {

    static final String EK_CONTEXT = "ek.ctx";
    static final String EK_PUBLIC = "ek.pub";
    static final String EK_PEM = "ek.pem";
    static final String AK_CONTEXT = "ak.ctx";
    static final String AK_PUBLIC = "ak.pub";
    static final String AK_PRIVATE = "ak.priv";
    static final String AK_NAME = "ak.name";
    static final String SESSION = "session.ctx";
    static final String CREDENTIAL = "credential.blob";
    static final String SECRET = "credential.secret";
    static final String QUOTE = "quote.msg";
    static final String SIGNATURE = "quote.sig";

    private TpmCommands() {}

    static TpmCommand createEndorsementKey(TpmKeyAlgorithm algorithm) {
        return TpmCommand.of("tpm2_createek", "-c", EK_CONTEXT, "-G", algorithm.toolName(), "-u", EK_PUBLIC);
    }

    static TpmCommand endorsementKeyPem() {
        return TpmCommand.of("tpm2_readpublic", "-c", EK_CONTEXT, "-f", "pem", "-o", EK_PEM);
    }

    static TpmCommand createAttestationKey(TpmKeyAlgorithm algorithm) {
        return TpmCommand.of(
                "tpm2_createak",
                "-C",
                EK_CONTEXT,
                "-c",
                AK_CONTEXT,
                "-G",
                algorithm.toolName(),
                "-g",
                "sha256",
                "-s",
                algorithm.signatureScheme(),
                "-u",
                AK_PUBLIC,
                "-n",
                AK_NAME,
                "-r",
                AK_PRIVATE);
    }

    /** A policy session for the endorsement key, whose policy is PolicySecret of the endorsement hierarchy. */
    static TpmCommand startPolicySession() {
        return TpmCommand.of("tpm2_startauthsession", "--policy-session", "-S", SESSION);
    }

    static TpmCommand policySecretOfEndorsement() {
        return TpmCommand.of("tpm2_policysecret", "-S", SESSION, "-c", "e");
    }

    /** Loads the attestation key again under the endorsement key, authorised by the policy session. */
    static TpmCommand loadAttestationKey() {
        return TpmCommand.of(
                "tpm2_load",
                "-C",
                EK_CONTEXT,
                "-P",
                "session:" + SESSION,
                "-u",
                AK_PUBLIC,
                "-r",
                AK_PRIVATE,
                "-c",
                AK_CONTEXT);
    }

    static TpmCommand activateCredential() {
        return TpmCommand.of(
                "tpm2_activatecredential",
                "-c",
                AK_CONTEXT,
                "-C",
                EK_CONTEXT,
                "-i",
                CREDENTIAL,
                "-o",
                SECRET,
                "-P",
                "session:" + SESSION);
    }

    static TpmCommand quote(PcrSelection selection, String nonceHex) {
        if (!nonceHex.matches("([0-9a-f]{2}){1,64}")) {
            throw new IllegalArgumentException("a nonce is 1 to 64 bytes of lower-case hex");
        }
        return TpmCommand.of(
                "tpm2_quote",
                "-c",
                AK_CONTEXT,
                "-l",
                selection.argument(),
                "-q",
                nonceHex,
                "-m",
                QUOTE,
                "-s",
                SIGNATURE,
                "-g",
                "sha256");
    }

    /** The values of one bank's selected PCRs, in ascending order, to {@code pcrs-<bank>.bin}. */
    static TpmCommand readPcrs(PcrSelection selection, String bank) {
        return TpmCommand.of("tpm2_pcrread", selection.argument(bank), "-o", pcrFile(bank));
    }

    static String pcrFile(String bank) {
        return "pcrs-" + bank + ".bin";
    }

    static TpmCommand flush(String context) {
        return TpmCommand.of("tpm2_flushcontext", context);
    }

    static TpmCommand flushTransient() {
        return TpmCommand.of("tpm2_flushcontext", "-t");
    }
}
