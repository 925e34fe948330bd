package dev.ecstatic.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ecstatic simulator --state DIR}: a state directory that cannot be used is one clear error. */
class SimulatorStateOptionTest {

    @Test
    void stateThatIsAFile_exits1NamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("simulator", "--port", "0", "--state", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("ecstatic simulator: cannot use " + file + " as the simulator's state directory")
                .doesNotContain("\tat ");
    }

    @Test
    void stateOption_isDocumentedInTheHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("simulator", "--help")).isZero();
        assertThat(out.toString()).contains("--state=DIR", "Keep DynamoDB tables and S3 objects in DIR");
    }
}
