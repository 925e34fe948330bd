package dev.ecstatic.asl.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the context object writes them ({@code 2025-01-01T00:00:00.000Z}). The last one written
 * is kept: under a simulated clock most states of a run enter at the same instant.
 */
final class ContextTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private record Written(Instant time, String text) {}

    private static volatile Written last = new Written(Instant.EPOCH, FORMAT.format(Instant.EPOCH));

    private ContextTime() {}

    static String format(Instant time) {
        Written written = last;
        if (!written.time().equals(time)) {
            written = new Written(time, FORMAT.format(time));
            last = written;
        }
        return written.text();
    }
}
