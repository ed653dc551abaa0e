package dev.palisade.cli.simulate;

/**
 * One expectation of a step against what was measured.
 *
 * @param key the expectation's name in the file
 * @param expected as the file said it, with the total it stood for ({@code all (12)})
 * @param observed what the run measured
 */
public record Check(String key, String expected, String observed, boolean met) {}
