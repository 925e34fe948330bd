package dev.ecstatic.cli.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test handler: greets with its environment's SHARED value, so the test sees env and payload arrive. */
public class EchoHandler implements RequestHandler<EchoHandler.Request, EchoHandler.Response> {

    public record Request(String name) {}

    public record Response(String greeting, String region) {}

    static int constructions;

    private final Map<String, String> env;

    public EchoHandler() {
        this(System.getenv());
    }

    public EchoHandler(Map<String, String> env) {
        this.env = env;
        constructions++;
    }

    @Override
    public Response handleRequest(Request request, Context context) {
        context.getLogger().log("{\"greeting\":\"" + request.name() + "\"}\n");
        return new Response(env.get("SHARED") + " " + request.name(), env.get("AWS_REGION"));
    }
}
