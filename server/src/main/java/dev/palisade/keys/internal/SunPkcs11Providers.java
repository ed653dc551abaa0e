package dev.palisade.keys.internal;

import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.Pkcs11Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configures the JDK's SunPKCS11 provider for one token. Each call gives a new provider instance with a name of its
 * own; none is installed JVM-wide, so nothing else in the JVM picks the token by accident.
 */
final class SunPkcs11Providers {

    /**
     * Keys generated through the provider are created as token objects (they persist), private (only a logged-in
     * user sees them), sensitive and unextractable (the token never reveals them, not even wrapped), and usable for
     * signing. Public halves stay session objects: the placeholder certificate stored beside each key carries them.
     */
    private static final String GENERATED_KEY_ATTRIBUTES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_TOKEN = true
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
            }
            attributes(generate, CKO_PUBLIC_KEY, *) = {
              CKA_TOKEN = false
              CKA_VERIFY = true
            }
            """;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private SunPkcs11Providers() {}

    /** A provider for the token in the configured slot; not yet logged in. */
    static Provider configure(Pkcs11Settings settings) {
        Path library = Objects.requireNonNull(settings.library(), "palisade.keys.pkcs11.library");
        if (!Files.isRegularFile(library)) {
            throw new KeyCustodyException("the PKCS#11 module " + library + " does not exist: set "
                    + "palisade.keys.pkcs11.library to the module of your HSM (SoftHSM2 on Debian: "
                    + "/usr/lib/softhsm/libsofthsm2.so, from the package softhsm2)");
        }
        Provider template = Security.getProvider("SunPKCS11");
        if (template == null) {
            throw new KeyCustodyException("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki); "
                    + "run Palisade on a full JDK or JRE to use palisade.keys.backend=pkcs11");
        }
        try {
            return template.configure("--" + configuration(settings, library));
        } catch (ProviderException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new KeyCustodyException(startFailure(settings, e), e);
        }
    }

    private static String configuration(Pkcs11Settings settings, Path library) {
        Long slot = settings.slot();
        String slotLine = slot != null ? "slot = " + slot : "slotListIndex = " + settings.slotListIndex();
        return "name = palisade-" + INSTANCES.incrementAndGet() + "\n"
                + "library = \"" + library + "\"\n"
                + slotLine + "\n"
                + GENERATED_KEY_ATTRIBUTES;
    }

    private static String startFailure(Pkcs11Settings settings, RuntimeException failure) {
        String where = settings.slotDescription();
        return switch (Pkcs11Failures.returnValue(failure).orElse("")) {
            case "CKR_SLOT_ID_INVALID" ->
                "there is no " + where + " (CKR_SLOT_ID_INVALID): list the slots with `softhsm2-util --show-slots` "
                        + "or `pkcs11-tool --module " + settings.library() + " -L` and set "
                        + "palisade.keys.pkcs11.slot to the id of the token's slot";
            case "CKR_TOKEN_NOT_PRESENT", "CKR_TOKEN_NOT_RECOGNIZED" ->
                "the " + where + " holds no initialised token: initialise one (SoftHSM2: `softhsm2-util "
                        + "--init-token --free --label palisade`) and set palisade.keys.pkcs11.slot to the slot "
                        + "it reports";
            default ->
                "cannot start the PKCS#11 module for " + where + ": " + Pkcs11Failures.rootMessage(failure)
                        + " (check palisade.keys.pkcs11.library and palisade.keys.pkcs11.slot)";
        };
    }
}
