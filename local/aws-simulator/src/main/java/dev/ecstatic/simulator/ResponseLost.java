package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request the simulator has carried out whose answer the fleet file says is lost
 * ({@code lostUpdateResponse}). Thrown under the fleet's lock once the change is made, and answered by
 * {@link #answer()} after the lock is released, so a delayed answer holds up no other request.
 */
final class ResponseLost extends RuntimeException {

    private final Fleet.LostResponse fault;
    private final JsonNode response;

    ResponseLost(Fleet.LostResponse fault, JsonNode response) {
        super("the response is lost (" + fault.mode() + ")", null, false, false);
        this.fault = Objects.requireNonNull(fault, "fault");
        this.response = Objects.requireNonNull(response, "response");
    }

    /**
     * Waits {@code delayMs} of real time, then gives the success that was held back ({@code timeout}:
     * a caller whose attempt timeout is shorter has given up by then) or throws a ServerException
     * ({@code serverError}: the caller sees a 500 although the change was made).
     */
    JsonNode answer() {
        try {
            Thread.sleep(fault.delayMs());
        } catch (InterruptedException e) {
            // The simulator is closing: the connection goes with it.
            Thread.currentThread().interrupt();
            throw AwsError.server("Service Unavailable. Please try again later.");
        }
        return switch (fault.mode()) {
            case TIMEOUT -> response;
            case SERVER_ERROR -> throw AwsError.server("Service Unavailable. Please try again later.");
        };
    }
}
