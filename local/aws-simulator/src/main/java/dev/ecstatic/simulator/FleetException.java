package dev.ecstatic.simulator;

/**
 * A fleet file that cannot be used. The message is {@code <file>: <json path>: <problem>}, for
 * example {@code fleet.json: $.clusters[1].instances[0].count: must not be negative (was -2)}.
 */
public final class FleetException extends RuntimeException {

    private final String source;
    private final String path;
    private final String problem;

    public FleetException(String source, String path, String problem) {
        super(source + ": " + path + ": " + problem);
        this.source = source;
        this.path = path;
        this.problem = problem;
    }

    /** The file (or other source name) the fleet was read from. */
    public String source() {
        return source;
    }

    /** JSON path of the offending value, {@code $} for the whole document. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
