package dev.ecstatic.simulator.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an S3 action answers: a status, headers and a body (null: none, as for HEAD, 204 and 304).
 * Also S3's date formats: RFC 1123 in headers, ISO 8601 with milliseconds in XML.
 */
record S3Response(int status, Map<String, String> headers, byte[] body) {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);

    static S3Response xml(byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/xml");
        return new S3Response(200, h, body);
    }

    static S3Response empty(int status) {
        return new S3Response(status, new LinkedHashMap<>(), null);
    }

    static String httpDate(Instant t) {
        return HTTP_DATE.format(t);
    }

    static String isoDate(Instant t) {
        return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** An HTTP date, or null when it cannot be read (S3 then ignores the condition). */
    static Instant parseHttpDate(String s) {
        try {
            return ZonedDateTime.parse(s.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
