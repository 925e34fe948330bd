package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared runner of external programs never hangs a test. */
class ProcessesTest {

    @Test
    @Timeout(30)
    void aProcessThatNeverEnds_isKilledAtTheTimeout_evenWithItsOutputUnread() throws Exception {
        // more output than a pipe holds, then no end: reading stdout before waiting would block forever
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "head -c 200000 /dev/zero; exec sleep 600");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Processes.run(pb, Duration.ofSeconds(2)))
                .isInstanceOf(Processes.TimedOut.class)
                .hasMessageContaining("did not finish in 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    @Timeout(30)
    void bothStreamsAreReadWhileTheProcessRuns() throws Exception {
        // 200 kB on stderr before anything on stdout: a runner reading stdout first would deadlock
        Processes.Result r = Processes.run(new ProcessBuilder("sh", "-c",
                "head -c 200000 /dev/zero >&2; echo out; exit 3"), Duration.ofSeconds(20));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).hasSize(200000);
    }

    @Test
    @Timeout(30)
    void lines_aLineThatNeverComes_failsAtItsDeadline_andTheEndOfOutputIsNull() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo one; exec sleep 600").start();
        try {
            Processes.Lines lines = new Processes.Lines(p.getInputStream());
            assertThat(lines.next(Duration.ofSeconds(20))).isEqualTo("one");
            assertThatThrownBy(() -> lines.next(Duration.ofMillis(300)))
                    .isInstanceOf(Processes.TimedOut.class)
                    .hasMessageContaining("no line of output");
            p.destroyForcibly();
            assertThat(lines.next(Duration.ofSeconds(20))).isNull();
            assertThat(lines.next(Duration.ofSeconds(20))).isNull();
        } finally {
            p.destroyForcibly();
        }
    }
}
