package dev.ecstatic.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): one page, its
 * script errors, console errors and requests recorded as events. Every wait is bounded; {@link #close}
 * kills the browser (and its helpers) and removes its profile, whatever state it is in.
 * See https://chromedevtools.github.io/devtools-protocol/
 */
final class Chromium implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending;
    private final List<JsonNode> events;
    private final AtomicInteger ids = new AtomicInteger();

    private Chromium(Process process, Path profile, WebSocket socket, Listener listener) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.pending = listener.pending;
        this.events = listener.events;
    }

    /** Starts {@code binary} headless (as root too: --no-sandbox) on a fresh profile and attaches to its page. */
    static Chromium start(Path binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("ecstatic-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        StringBuilder stderr = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                browserUrl.completeExceptionally(e);
            }
            browserUrl.completeExceptionally(new IOException("chromium ended without a DevTools endpoint"));
        });
        try {
            URI browser = URI.create(browserUrl.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
            JsonNode page = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (page == null && System.nanoTime() < deadline) {
                String body = http.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : JSON.readTree(body)) {
                    if (target.path("type").asText().equals("page")) {
                        page = target;
                    }
                }
                if (page == null) {
                    Thread.sleep(100);
                }
            }
            if (page == null) {
                throw new IOException("chromium shows no page at " + list);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(page.path("webSocketDebuggerUrl").asText()), listener)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new Chromium(process, profile, socket, listener);
        } catch (InterruptedException e) {
            kill(process, profile);
            throw e;
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            kill(process, profile);
            String output;
            synchronized (stderr) {
                output = stderr.toString();
            }
            throw new IOException("could not start " + binary + " headless: " + e + "\n" + output, e);
        }
    }

    /** Sends a DevTools command and waits for its answer; a protocol error fails. */
    JsonNode send(String method, Map<String, ?> params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + " failed: " + reply.path("error"));
            }
            return reply.path("result");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + ": no answer within " + WAIT.toSeconds() + " s (" + e + ")", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Waits for an event of {@code method} (one already received counts). */
    JsonNode await(String method, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (events) {
                for (JsonNode e : events) {
                    if (e.path("method").asText().equals(method)) {
                        return e;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("no " + method + " within " + timeout.toSeconds() + " s");
    }

    /** The events received so far that match. */
    List<JsonNode> events(Predicate<JsonNode> which) {
        synchronized (events) {
            return events.stream().filter(which).toList();
        }
    }

    /** Evaluates {@code expression} in the page; its value (returnByValue); a thrown exception fails. */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("the page threw: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    @Override
    public void close() {
        socket.abort();
        kill(process, profile);
    }

    private static void kill(Process process, Path profile) {
        // Chromium starts helpers (zygote, renderer, GPU): end them with it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in /tmp is only litter
        }
    }

    /** Answers go to the command waiting for them, events to the list. */
    private static final class Listener implements WebSocket.Listener {
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> waiting = pending.get(message.path("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    } else {
                        events.add(message);
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("method", "unreadable").put("text", text));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
