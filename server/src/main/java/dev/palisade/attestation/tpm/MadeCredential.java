package dev.palisade.attestation.tpm;

/**
 * What MakeCredential produces for a device to pass to {@code TPM2_ActivateCredential}.
 *
 * @param idObject the {@code TPM2B_ID_OBJECT}: outer HMAC and encrypted credential
 * @param encryptedSecret the {@code TPM2B_ENCRYPTED_SECRET}: the seed, encrypted to the endorsement key
 */
public record MadeCredential(byte[] idObject, byte[] encryptedSecret) {

    private static final long TPM2_TOOLS_MAGIC = 0xBADCC0DEL;

    /**
     * Both structures in the file format of {@code tpm2_makecredential -o}, which {@code tpm2_activatecredential -i}
     * reads: a magic number, version 1, then the two structures.
     */
    public byte[] tpm2ToolsBlob() {
        return new TpmWriter()
                .u32(TPM2_TOOLS_MAGIC)
                .u32(1)
                .bytes(idObject)
                .bytes(encryptedSecret)
                .toByteArray();
    }
}
