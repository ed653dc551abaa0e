package dev.palisade.agent.attest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which PCRs a quote covers, by bank, in the syntax {@code tpm2_quote -l} and {@code tpm2_pcrread} take:
 * {@code sha256:0,1,2,3,7}, several banks joined by {@code +}. The server names it with each nonce; the agent parses
 * it strictly, as anything it passes on becomes a tpm2-tools argument.
 */
public record PcrSelection(SortedMap<String, SortedSet<Integer>> banks) {

    /** Digest sizes of the banks a selection may name. */
    private static final Map<String, Integer> DIGEST_SIZES =
            Map.of("sha1", 20, "sha256", 32, "sha384", 48, "sha512", 64);

    private static final int MAX_INDEX = 23;

    public PcrSelection {
        if (banks.isEmpty()) {
            throw new IllegalArgumentException("a PCR selection names at least one bank");
        }
        SortedMap<String, SortedSet<Integer>> copy = new TreeMap<>();
        banks.forEach((bank, indexes) -> {
            if (!DIGEST_SIZES.containsKey(bank)) {
                throw new IllegalArgumentException("unknown PCR bank '" + bank + "' (sha1, sha256, sha384, sha512)");
            }
            if (indexes.isEmpty()) {
                throw new IllegalArgumentException("the " + bank + " bank selects no PCR");
            }
            for (int index : indexes) {
                if (index < 0 || index > MAX_INDEX) {
                    throw new IllegalArgumentException("PCR indexes are 0 to " + MAX_INDEX + ", not " + index);
                }
            }
            copy.put(bank, Collections.unmodifiableSortedSet(new TreeSet<>(indexes)));
        });
        banks = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Parses {@code sha256:0,1,2,3,7} or {@code sha1:0,1+sha256:0,1}.
     *
     * @throws IllegalArgumentException when it is anything else: unknown bank, index out of 0–23, a bank twice, spaces
     */
    public static PcrSelection parse(String text) {
        if (text.length() > 512) {
            throw new IllegalArgumentException("a PCR selection is at most 512 characters");
        }
        Map<String, SortedSet<Integer>> banks = new LinkedHashMap<>();
        for (String part : text.split("\\+", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new IllegalArgumentException("not a PCR selection (bank:index,index...): '" + text + "'");
            }
            String bank = part.substring(0, colon);
            SortedSet<Integer> indexes = new TreeSet<>();
            for (String index : part.substring(colon + 1).split(",", -1)) {
                if (!index.matches("[0-9]{1,2}")) {
                    throw new IllegalArgumentException("not a PCR index: '" + index + "' in '" + text + "'");
                }
                indexes.add(Integer.parseInt(index));
            }
            if (banks.put(bank, indexes) != null) {
                throw new IllegalArgumentException("the " + bank + " bank is named twice in '" + text + "'");
            }
        }
        return new PcrSelection(new TreeMap<>(banks));
    }

    /** The selection as tpm2-tools take it, banks in name order, indexes ascending. */
    public String argument() {
        return banks.entrySet().stream()
                .map(bank -> bank.getKey() + ":" + bank(bank.getValue()))
                .collect(Collectors.joining("+"));
    }

    /** One bank's part of the selection ({@code sha256:0,1,7}), for {@code tpm2_pcrread}. */
    String argument(String bank) {
        return bank + ":" + bank(banks.getOrDefault(bank, Collections.emptySortedSet()));
    }

    /** The size of a value of {@code bank}, in bytes. */
    static int digestSize(String bank) {
        Integer size = DIGEST_SIZES.get(bank);
        if (size == null) {
            throw new IllegalArgumentException("unknown PCR bank " + bank);
        }
        return size;
    }

    private static String bank(SortedSet<Integer> indexes) {
        return indexes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return argument();
    }
}
