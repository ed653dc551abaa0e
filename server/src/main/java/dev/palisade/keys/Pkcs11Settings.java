package dev.palisade.keys;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The PKCS#11 token that holds Palisade's keys when {@code palisade.keys.backend} is {@code pkcs11}. Which fields are
 * required is checked by {@link KeysSettings} only when that back end is chosen, so that installations without an HSM
 * need none of them.
 *
 * @param library absolute path of the token's PKCS#11 module, for example {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot the slot id as {@code softhsm2-util --show-slots} or {@code pkcs11-tool -L} print it (SoftHSM2
 *     assigns large numbers such as {@code 1379988367} to initialised tokens)
 * @param slotListIndex alternatively, the position of the slot in the module's slot list, starting at 0
 * @param pinFile file holding the token's user PIN (recommended: readable by Palisade's account only)
 * @param pin the user PIN itself, for environments that inject secrets as variables ({@code
 *     PALISADE_KEYS_PKCS11_PIN})
 */
public record Pkcs11Settings(
        @Nullable Path library,
        @Nullable Long slot,
        @Nullable Integer slotListIndex,
        @Nullable Path pinFile,
        @Nullable String pin) {

    /** No token configured: the PKCS#12 back end. */
    static final Pkcs11Settings NONE = new Pkcs11Settings(null, null, null, null, null);

    /** No token configured. */
    public static Pkcs11Settings none() {
        return NONE;
    }

    public Pkcs11Settings {
        if (pin != null && pin.isBlank()) {
            pin = null;
        }
        if (library != null) {
            requireUsableLibraryPath(library);
        }
        if (slot != null && slotListIndex != null) {
            throw new IllegalArgumentException(
                    "set one of palisade.keys.pkcs11.slot and palisade.keys.pkcs11.slot-list-index, not both");
        }
        if (slot != null && slot < 0) {
            throw new IllegalArgumentException("palisade.keys.pkcs11.slot must not be negative: " + slot);
        }
        if (slotListIndex != null && slotListIndex < 0) {
            throw new IllegalArgumentException(
                    "palisade.keys.pkcs11.slot-list-index must not be negative: " + slotListIndex);
        }
        if (pin != null && pinFile != null) {
            throw new IllegalArgumentException("set one of palisade.keys.pkcs11.pin (PALISADE_KEYS_PKCS11_PIN) and "
                    + "palisade.keys.pkcs11.pin-file, not both");
        }
    }

    /** Refuses settings that do not yet say which module, which slot and which PIN to use. */
    void requireComplete() {
        if (library == null) {
            throw new IllegalArgumentException("palisade.keys.backend=pkcs11 needs palisade.keys.pkcs11.library: "
                    + "the absolute path of the token's PKCS#11 module, for example /usr/lib/softhsm/libsofthsm2.so");
        }
        if (slot == null && slotListIndex == null) {
            throw new IllegalArgumentException("palisade.keys.backend=pkcs11 needs palisade.keys.pkcs11.slot: the "
                    + "slot id as `softhsm2-util --show-slots` or `pkcs11-tool --module <library> -L` print it "
                    + "(or palisade.keys.pkcs11.slot-list-index)");
        }
        if (pin == null && pinFile == null) {
            throw new IllegalArgumentException("palisade.keys.backend=pkcs11 needs the token's user PIN: set "
                    + "palisade.keys.pkcs11.pin-file to a file holding it, or the environment variable "
                    + "PALISADE_KEYS_PKCS11_PIN");
        }
    }

    /** Names the slot for messages, for example {@code slot 1379988367 of /usr/lib/softhsm/libsofthsm2.so}. */
    public String slotDescription() {
        String which = slot != null ? "slot " + slot : "slot list index " + slotListIndex;
        return which + " of " + library;
    }

    /** Leaves the PIN out, so that settings can be logged or shown in a failure report. */
    @Override
    public String toString() {
        return "Pkcs11Settings[library=" + library + ", slot=" + slot + ", slotListIndex=" + slotListIndex
                + ", pinFile=" + pinFile + ", pin=" + (pin == null ? "unset" : "(set)") + "]";
    }

    /**
     * The JDK's provider reads the path from a configuration text in which quotes, backslashes and {@code ${...}}
     * have meanings of their own, and refuses relative paths to avoid loading a library planted in the working
     * directory.
     */
    private static void requireUsableLibraryPath(Path library) {
        String text = library.toString();
        if (!library.isAbsolute()) {
            throw new IllegalArgumentException("palisade.keys.pkcs11.library must be an absolute path: " + text);
        }
        if (text.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                    "palisade.keys.pkcs11.library must not contain quotes, backslashes, '$' or control characters: "
                            + text);
        }
    }
}
