package dev.ecstatic.cli.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test handler that always throws a typed exception, as a handler signalling a transient error does. */
public class FailingHandler implements RequestHandler<Map<String, Object>, String> {

    public static class TransientThing extends RuntimeException {
        public TransientThing(String message) {
            super(message);
        }
    }

    public FailingHandler(Map<String, String> env) {}

    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        throw new TransientThing("rate exceeded for " + input.get("n"));
    }
}
