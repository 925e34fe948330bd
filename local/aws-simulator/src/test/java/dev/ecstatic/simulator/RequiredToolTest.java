package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Missing tools: a skip with the reason on a laptop, a failure naming the tool under CI. */
class RequiredToolTest {

    private static final String HOW = "Install it.";

    @Test
    void ciSet_andTheToolMissing_isAFailureNamingTheTool() {
        RequiredTool.Decision d = RequiredTool.decide("the AWS CLI v2", "no aws on the PATH", HOW, Map.of("CI", "true"));

        assertThat(d).isInstanceOf(RequiredTool.Fail.class);
        assertThat(((RequiredTool.Fail) d).message()).contains("the AWS CLI v2").contains("no aws on the PATH")
                .contains("CI=true").contains(HOW);
    }

    @Test
    void ciUnset_andTheToolMissing_isASkipWithTheReason() {
        RequiredTool.Decision d = RequiredTool.decide("boto3", "import boto3 failed", HOW, Map.of());

        assertThat(d).isInstanceOf(RequiredTool.Skip.class);
        assertThat(((RequiredTool.Skip) d).reason()).contains("boto3").contains("import boto3 failed").contains(HOW);
    }

    @Test
    void anEmptyCi_countsAsUnset() {
        assertThat(RequiredTool.decide("boto3", "missing", HOW, Map.of("CI", ""))).isInstanceOf(RequiredTool.Skip.class);
    }

    @Test
    void aToolThatIsThere_runs_withOrWithoutCi() {
        assertThat(RequiredTool.decide("boto3", null, HOW, Map.of("CI", "1"))).isInstanceOf(RequiredTool.Run.class);
        assertThat(RequiredTool.decide("boto3", null, HOW, Map.of())).isInstanceOf(RequiredTool.Run.class);
    }

    @Test
    void require_failsTheTestUnderCi_andAbortsItOtherwise() {
        assertThatThrownBy(() -> RequiredTool.require("the AWS CLI v2", "gone", HOW, Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("the AWS CLI v2");
        assertThatThrownBy(() -> RequiredTool.require("the AWS CLI v2", "gone", HOW, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("the AWS CLI v2");
    }

    @Test
    void awsCli_anAbsentExplicitPath_underCi_failsNamingTheToolAndThePath(@TempDir Path dir) {
        String absent = dir.resolve("aws").toString();
        assertThatThrownBy(() -> RequiredTool.awsCliV2(Map.of("ECSTATIC_AWS_CLI", absent, "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("the AWS CLI v2")
                .hasMessageContaining(absent + " is not an executable file");
    }

    @Test
    void awsCli_noneOnThePath_onALaptop_isSkipped(@TempDir Path dir) {
        assertThatThrownBy(() -> RequiredTool.awsCliV2(Map.of("PATH", dir.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no aws on the PATH");
    }

    @Test
    void awsCli_version1_isNotTheCliTheTestsNeed(@TempDir Path dir) throws Exception {
        Path aws = script(dir, "aws", "echo 'aws-cli/1.29.0 Python/3.11.2 Linux/6.1 botocore/1.31.0'");

        assertThatThrownBy(() -> RequiredTool.awsCliV2(Map.of("ECSTATIC_AWS_CLI", aws.toString(), "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("aws-cli/1.29.0")
                .hasMessageContaining("not aws-cli/2");
    }

    @Test
    void awsCli_version2_isUsed(@TempDir Path dir) throws Exception {
        Path aws = script(dir, "aws", "echo 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12'");

        assertThat(RequiredTool.awsCliV2(Map.of("ECSTATIC_AWS_CLI", aws.toString(), "CI", "true"))).isEqualTo(aws);
        assertThat(RequiredTool.awsCliV2(Map.of("PATH", dir.toString()))).isEqualTo(aws);
    }

    @Test
    void boto3_aPythonThatCannotRun_underCi_failsNamingBoto3(@TempDir Path dir) {
        String absent = dir.resolve("python3").toString();
        assertThatThrownBy(() -> RequiredTool.pythonWithBoto3(Map.of("ECSTATIC_PYTHON", absent, "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("boto3")
                .hasMessageContaining(absent);
    }

    @Test
    void boto3_aPythonWithoutIt_onALaptop_isSkipped(@TempDir Path dir) throws Exception {
        Path python = script(dir, "python3", "echo 'ModuleNotFoundError: No module named boto3' >&2; exit 1");

        assertThatThrownBy(() -> RequiredTool.pythonWithBoto3(Map.of("ECSTATIC_PYTHON", python.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("No module named boto3");
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
