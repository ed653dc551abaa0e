package dev.palisade.cli.simulate;

/**
 * One line of a step's {@code expect}: which figure, and what it must be.
 *
 * @param key the figure's name in the file ({@code refused}, {@code closed}, {@code min-rate} …)
 */
public record Expectation(String key, Expected expected) {}
