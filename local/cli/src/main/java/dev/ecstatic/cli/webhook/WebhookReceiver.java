package dev.ecstatic.cli.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for a Slack incoming webhook: records every request body it is sent, in order,
 * and answers {@code 200 ok} as Slack does. {@code simulate} points the Notify function at it, so the
 * messages it prints are the ones Notify really posted. Each body is kept with the time it arrived on
 * the receiver's clock (the simulated clock in {@code simulate}).
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> bodies = new ArrayList<>();
    private final List<Instant> times = new ArrayList<>();
    private final Clock clock;

    private WebhookReceiver(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    public static WebhookReceiver start() throws IOException {
        return start(Clock.systemUTC());
    }

    /** A receiver that notes each body's arrival on {@code clock}. */
    public static WebhookReceiver start(Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server, clock);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                synchronized (receiver.bodies) {
                    receiver.bodies.add(body);
                    receiver.times.add(receiver.clock.instant());
                }
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        server.setExecutor(receiver.executor);
        server.start();
        return receiver;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/simulated");
    }

    /** Every body received so far, in order of arrival. */
    public List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** When each body of {@link #bodies()} arrived, in the same order. */
    public List<Instant> times() {
        synchronized (bodies) {
            return List.copyOf(times);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
