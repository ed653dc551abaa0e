package dev.palisade.cli.simulate;

/**
 * A scenario file that cannot be played: where (file, line, column, and the field's path such as {@code
 * timeline[2].rate}) and why. Nothing runs.
 */
public final class ScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String path;

    public ScenarioException(String source, int line, int column, String path, String problem) {
        super(source + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
        this.line = line;
        this.path = path;
    }

    /** The line of the file the problem is at (from 1). */
    public int line() {
        return line;
    }

    /** The offending field, as {@code timeline[2].expect.refused}; empty for the document itself. */
    public String path() {
        return path;
    }
}
