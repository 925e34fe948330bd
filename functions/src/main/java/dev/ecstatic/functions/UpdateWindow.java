package dev.ecstatic.functions;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maintenance window in which updates may start: the cluster tag {@code ecstatic:window} or the
 * {@code DefaultUpdateWindow} parameter, e.g. {@code Sat 02:00-06:00 UTC}, {@code Mon-Fri
 * 22:00-02:00 UTC} (an end at or before the start crosses midnight: the window belongs to the day it
 * opens), {@code daily 01:00-05:00 UTC}. Days are English three-letter abbreviations, any case; a
 * range wraps around the week ({@code Fri-Mon}). Times are 24-hour {@code HH:MM}; {@code UTC} is
 * required, so nobody mistakes it for local time. One window per value: an ECS tag value cannot
 * hold a comma or a semicolon (allowed: letters, digits, spaces and {@code + - = . _ : / @};
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html). The window opens at the
 * start minute and closes at the end minute (excluded).
 */
record UpdateWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, String text) {
    static final String TAG = "ecstatic:window";

    private static final Pattern FORMAT = Pattern.compile(
            "(?i)\\s*(daily|[a-z]{3}(?:-[a-z]{3})?)\\s+(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})\\s+UTC\\s*");

    /** A value that does not follow the format: the message says what is wrong and shows the format. */
    static final class InvalidWindowException extends IllegalArgumentException {
        InvalidWindowException(String message) {
            super(message);
        }
    }

    /** The window {@code text} describes, or {@link InvalidWindowException} naming what is wrong. */
    static UpdateWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidWindowException("an update window is empty; expected e.g. 'Sat 02:00-06:00 UTC'");
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new InvalidWindowException("'" + clip(text) + "' is not an update window: expected '<days> HH:MM-HH:MM"
                    + " UTC', days 'daily', 'Sat' or 'Mon-Fri', e.g. 'Sat 02:00-06:00 UTC'");
        }
        Set<DayOfWeek> days = days(m.group(1), text);
        LocalTime start = time(m.group(2), text);
        LocalTime end = time(m.group(3), text);
        // An end equal to the start is a 24-hour window from the start on each of the days.
        return new UpdateWindow(days, start, end, text.strip());
    }

    /** Whether an update may start at {@code now}. */
    boolean isOpen(Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        LocalTime time = t.toLocalTime();
        if (end.isAfter(start)) {
            return days.contains(t.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
        }
        // Crosses midnight (or lasts 24 hours when end == start): opened today, or yesterday.
        return days.contains(t.getDayOfWeek()) && !time.isBefore(start)
                || days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(end);
    }

    /** The next moment the window opens at or after {@code now} (it always opens within 8 days). */
    Instant nextOpening(Instant now) {
        ZonedDateTime day = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(start).atZone(ZoneOffset.UTC);
        for (int i = 0; i <= 8; i++) {
            ZonedDateTime opening = day.plusDays(i);
            if (days.contains(opening.getDayOfWeek()) && !opening.toInstant().isBefore(now)) {
                return opening.toInstant();
            }
        }
        throw new IllegalStateException("a window with days " + days + " never opens");
    }

    /** The effective window of a cluster: its tag, else the default; empty when updates may start any time. */
    static Optional<String> effective(String tagValue, String defaultWindow) {
        if (tagValue != null) {
            return Optional.of(tagValue);
        }
        return defaultWindow == null || defaultWindow.isBlank() ? Optional.empty() : Optional.of(defaultWindow);
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        if (spec.equalsIgnoreCase("daily")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        int dash = spec.indexOf('-');
        DayOfWeek from = day(dash < 0 ? spec : spec.substring(0, dash), text);
        DayOfWeek to = dash < 0 ? from : day(spec.substring(dash + 1), text);
        Set<DayOfWeek> days = EnumSet.of(from);
        for (DayOfWeek d = from; d != to; d = d.plus(1)) {
            days.add(d.plus(1));
        }
        return days;
    }

    private static DayOfWeek day(String abbreviation, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(abbreviation)) {
                return d;
            }
        }
        throw new InvalidWindowException("'" + clip(text) + "': '" + abbreviation + "' is not a day (Mon, Tue, Wed,"
                + " Thu, Fri, Sat, Sun, or daily)");
    }

    private static LocalTime time(String hhmm, String text) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new InvalidWindowException("'" + clip(text) + "': '" + hhmm + "' is not a time of day (00:00 to 23:59)");
        }
    }

    private static String clip(String text) {
        String t = text.strip();
        return t.length() <= 60 ? t : t.substring(0, 59) + "…";
    }
}
