package dev.ecstatic.asl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of an execution's history, shaped as GetExecutionHistory returns it: {@code id},
 * {@code previousEventId}, {@code timestamp}, {@code type} and one {@code <type>EventDetails} object
 * (absent for events without details). Payloads ({@code input}, {@code output}, ...) are JSON text.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html">HistoryEvent</a>
 */
public final class HistoryEvent {
    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final String type;
    private final String detailsKey;
    private final Map<String, Object> details;

    /** An event as the engine records it; {@code details} are in the engine's JSON model. */
    public HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey,
            Map<String, Object> details) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.detailsKey = detailsKey;
        this.details = details;
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String type() {
        return type;
    }

    /** e.g. {@code stateEnteredEventDetails}; null when the event has no details. */
    public String detailsKey() {
        return detailsKey;
    }

    /** The details as JSON text (payload fields are JSON strings, as in the API), or null. */
    public String detailsJson() {
        return details == null ? null : Json.write(details);
    }

    /** A detail field as a string (e.g. "name", "error", "cause", "input"), or null. */
    public String detail(String field) {
        Object value = details == null ? null : details.get(field);
        return value == null ? null : value.toString();
    }

    /** The whole event as GetExecutionHistory JSON. */
    public String toJson() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("previousEventId", previousEventId);
        event.put("timestamp", timestamp.toString());
        event.put("type", type);
        if (details != null) {
            event.put(detailsKey, details);
        }
        return Json.write(event);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
