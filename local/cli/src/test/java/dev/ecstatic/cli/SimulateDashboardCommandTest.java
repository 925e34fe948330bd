package dev.ecstatic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simulate --dashboard FILE.svg} as a user types it. */
class SimulateDashboardCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int ecstatic(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void dashboard_writesTheTemplatesDashboardAsSvg_andJsonStaysOneDocument(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("dashboard.svg");

        int code = ecstatic("simulate", "--dry-run", "--cluster", "prod-web", "--json", "--dashboard", svg.toString());

        assertThat(code).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).path("runs").size()).isEqualTo(1);
        String drawn = Files.readString(svg);
        assertThat(drawn).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("Clusters by outcome, per run", "Simulated on the demo fleet, 1 run from Jan 5 09:00")
                .contains("data-dimensions=\"FunctionName=SummarizeFunction,Outcome=WOULD_UPDATE\" data-stat=\"Sum\""
                        + " data-label=\"WOULD_UPDATE\" data-values=\"1\"");
    }

    @Test
    void dashboard_whereNoFileCanBeWritten_isRefusedBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");

        int code = ecstatic("simulate", "--dashboard", file.resolve("dashboard.svg").toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--dashboard " + file + ": cannot create that folder");
        assertThat(out.toString()).isEmpty();
    }
}
