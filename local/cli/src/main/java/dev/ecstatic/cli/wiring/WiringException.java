package dev.ecstatic.cli.wiring;

/** template.yaml cannot be read as the local runner needs it; the message names the file and the path. */
public class WiringException extends RuntimeException {
    public WiringException(String message) {
        super(message);
    }
}
