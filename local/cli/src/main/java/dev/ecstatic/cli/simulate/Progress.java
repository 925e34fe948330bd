package dev.ecstatic.cli.simulate;

import dev.ecstatic.asl.ExecutionListener;
import dev.ecstatic.asl.HistoryEvent;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows how far a simulation has got, on one rewritten line of stderr, only when stderr is a
 * terminal: redirected output stays clean.
 */
class Progress implements ExecutionListener {

    private final PrintWriter err;
    private final int runs;
    private final boolean enabled;
    private final AtomicInteger clustersDone = new AtomicInteger();
    private volatile int run;
    private volatile long lastPrint;

    Progress(PrintWriter err, int runs, boolean enabled) {
        this.err = err;
        this.runs = runs;
        this.enabled = enabled;
    }

    /** Enabled when the launcher saw a terminal on stderr ({@code -Decstatic.stderrTty=true}). */
    static Progress forTerminal(PrintWriter err, int runs) {
        return new Progress(err, runs, Boolean.getBoolean("ecstatic.stderrTty"));
    }

    void startRun(int n) {
        run = n;
        clustersDone.set(0);
        print(true);
    }

    @Override
    public void onEvent(String executionName, HistoryEvent event) {
        // A cluster is done when its child execution ends.
        if (event.type().startsWith("Execution") && !event.type().equals("ExecutionStarted")
                && executionName.contains(":")) {
            clustersDone.incrementAndGet();
            print(false);
        }
    }

    void done() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void print(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastPrint < 100_000_000L) {
            return;
        }
        lastPrint = now;
        err.printf("\r\033[Krun %d/%d: %d clusters done", run, runs, clustersDone.get());
        err.flush();
    }
}
