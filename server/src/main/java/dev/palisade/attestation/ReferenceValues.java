package dev.palisade.attestation;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The golden values of one firmware release of one model: what a device of that model running that release reports.
 * Every release stored for a model is accepted at once, so during a rollout the old release and the new one both pass;
 * deleting the old release when the rollout ends makes devices still running it fail.
 *
 * @param pcrs expected PCR values (lower-case hex) per bank name ({@code sha256}) and PCR index; a quote must cover
 *     every one of them, and PCRs not named here are not compared
 * @param measurements expected boot-log measurement digests (lower-case hex) by component name; a boot log must name
 *     exactly these components
 */
public record ReferenceValues(
        String model,
        String release,
        SortedMap<String, SortedMap<Integer, String>> pcrs,
        SortedMap<String, String> measurements,
        Instant createdAt,
        String createdBy) {

    public static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    public static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

    public ReferenceValues {
        if (!MODEL.matcher(model).matches() || !RELEASE.matcher(release).matches()) {
            throw new IllegalArgumentException("invalid model or release name");
        }
        var banks = new TreeMap<String, SortedMap<Integer, String>>();
        pcrs.forEach((bank, values) -> banks.put(bank, Collections.unmodifiableSortedMap(new TreeMap<>(values))));
        pcrs = Collections.unmodifiableSortedMap(banks);
        measurements = Collections.unmodifiableSortedMap(new TreeMap<>(measurements));
        if (pcrs.values().stream().allMatch(Map::isEmpty) && measurements.isEmpty()) {
            throw new IllegalArgumentException("reference values need PCR values or measurements");
        }
    }

    /** Decodes the hex value, for comparison. */
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
