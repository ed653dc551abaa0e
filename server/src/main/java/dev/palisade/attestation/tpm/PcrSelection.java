package dev.palisade.attestation.tpm;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One bank's part of a {@code TPML_PCR_SELECTION}: the hash algorithm and the PCR indexes selected in it, in the
 * ascending order in which a quote digests them.
 */
public record PcrSelection(TpmHash bank, SortedSet<Integer> indexes) {

    public PcrSelection {
        indexes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(indexes));
        for (int index : indexes) {
            if (index < 0 || index > 23) {
                throw new IllegalArgumentException("PCR indexes are 0 to 23");
            }
        }
    }
}
