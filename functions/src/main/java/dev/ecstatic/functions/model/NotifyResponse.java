package dev.ecstatic.functions.model;

/** {@code delivered} false with a {@code problem} for a 4xx answer or when no webhook is configured. */
public record NotifyResponse(boolean delivered, Integer statusCode, String problem) {
    public NotifyResponse {
        if (!delivered && problem == null) {
            throw new IllegalArgumentException("an undelivered notification says why");
        }
    }
}
