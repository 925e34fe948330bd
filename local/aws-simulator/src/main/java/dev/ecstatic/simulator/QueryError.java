package dev.ecstatic.simulator;

/**
 * An error of an AWS Query protocol service (EC2, Auto Scaling), written in that service's shape by
 * {@link QueryEndpoint}: EC2's {@code <Response><Errors><Error><Code>…} or Auto Scaling's
 * {@code <ErrorResponse><Error><Type>Sender</Type><Code>…}.
 */
final class QueryError extends RuntimeException {

    private final String code;
    private final int status;

    QueryError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** Auto Scaling's error type: {@code Sender} for the caller's mistakes, {@code Receiver} for the service's. */
    String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    static QueryError of(String code, String message) {
        return new QueryError(code, 400, message);
    }
}
