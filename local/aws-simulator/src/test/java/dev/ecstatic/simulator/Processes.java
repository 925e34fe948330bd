package dev.ecstatic.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external program (the AWS CLI, python) for a test without ever hanging: stdin is closed,
 * stdout and stderr are read on their own threads while the test thread waits with a timeout, and
 * a process that overruns it is killed with its descendants. {@link Lines} reads a process that keeps
 * running (a server) line by line, with a deadline on each line.
 */
final class Processes {

    private static final Executor READERS = r -> Thread.ofPlatform().daemon().name("process-output").start(r);

    private Processes() {
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /**
     * The lines a running process writes, each awaited with a deadline: a test waiting for a line that
     * never comes fails instead of hanging.
     */
    static final class Lines {
        private final BlockingQueue<Optional<String>> queue = new LinkedBlockingQueue<>();

        Lines(InputStream in) {
            READERS.execute(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        queue.add(Optional.of(line));
                    }
                } catch (IOException e) {
                    // The process went away: the end of its output.
                } finally {
                    queue.add(Optional.empty());
                }
            });
        }

        /**
         * The next line, or null once the output has ended.
         *
         * @throws TimedOut when no line comes within {@code timeout}
         */
        String next(Duration timeout) throws InterruptedException {
            Optional<String> line = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new TimedOut("no line of output within " + timeout.toSeconds() + " s");
            }
            if (line.isEmpty()) {
                queue.add(line);   // every later call sees the end too
                return null;
            }
            return line.get();
        }
    }

    /** Thrown when the process did not finish in time; it has been killed. */
    static final class TimedOut extends AssertionError {
        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * Starts {@code pb} and waits for it at most {@code timeout}.
     *
     * @throws TimedOut    when it overran (after killing it), with the output it had written
     * @throws IOException when it could not be started
     */
    static Result run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new TimedOut(String.join(" ", pb.command()) + " did not finish in " + timeout.toSeconds()
                    + " s and was killed; stdout: " + partial(out) + "; stderr: " + partial(err));
        }
        return new Result(p.exitValue(), finished(out), finished(err));
    }

    /** Output of a process that has exited: its pipes reach EOF promptly unless a descendant holds them. */
    private static String finished(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("reading the process output failed", e.getCause()));
        } catch (TimeoutException e) {
            return partial(output);
        }
    }

    private static String partial(CompletableFuture<String> output) {
        return output.getNow("<not read: the pipe is still open>");
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<read failed: " + e + ">";
        }
    }
}
