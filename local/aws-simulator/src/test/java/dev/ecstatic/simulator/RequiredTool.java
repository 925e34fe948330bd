package dev.ecstatic.simulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The one rule for a test that drives a program a laptop may lack (the AWS CLI v2, a python with
 * boto3): when the program is missing, the test is skipped with the reason printed, unless the
 * environment variable {@code CI} is set (to anything but the empty string, as CI services set it),
 * where it fails naming the program. CI installs every program the tests use ({@code .ci/run}), so a
 * skip there would only hide a test that never ran.
 */
final class RequiredTool {

    private RequiredTool() {
    }

    /** What a test does about a program it needs. */
    sealed interface Decision permits Run, Skip, Fail {
    }

    /** The program is there: run the test. */
    record Run() implements Decision {
    }

    /** Not there, on a laptop: skip, saying why and how to get it. */
    record Skip(String reason) implements Decision {
    }

    /** Not there, under CI: fail, naming it. */
    record Fail(String message) implements Decision {
    }

    /**
     * @param tool       the program as a person names it, e.g. "the AWS CLI v2"
     * @param whyMissing why it cannot be used, or null when it can
     * @param howToGetIt what to install or set
     * @param env        the environment ({@code System.getenv()})
     */
    static Decision decide(String tool, String whyMissing, String howToGetIt, Map<String, String> env) {
        if (whyMissing == null) {
            return new Run();
        }
        String ci = env.get("CI");
        if (ci != null && !ci.isEmpty()) {
            return new Fail(tool + " is required when CI is set (CI=" + ci + ") and cannot be used: " + whyMissing
                    + ". " + howToGetIt);
        }
        return new Skip("skipped: " + tool + " cannot be used (" + whyMissing + "). " + howToGetIt
                + " (with CI set, this is a failure)");
    }

    /**
     * Applies {@link #decide}: returns when the tool can be used; otherwise prints the reason and aborts
     * the test (a skip), or fails it.
     */
    static void require(String tool, String whyMissing, String howToGetIt, Map<String, String> env) {
        switch (decide(tool, whyMissing, howToGetIt, env)) {
            case Run run -> {
            }
            case Skip skip -> {
                System.out.println(skip.reason());
                Assumptions.abort(skip.reason());
            }
            case Fail fail -> throw new AssertionFailedError(fail.message());
        }
    }

    /**
     * The AWS CLI v2, skipping or failing the test when there is none: {@code $ECSTATIC_AWS_CLI} if set,
     * else the first {@code aws} on the PATH; it must report {@code aws-cli/2}.
     */
    static Path awsCliV2(Map<String, String> env) throws InterruptedException {
        String explicit = env.get("ECSTATIC_AWS_CLI");
        Optional<Path> found = explicit != null && !explicit.isBlank()
                ? Optional.of(Path.of(explicit))
                : onPath("aws", env.get("PATH"));
        String why;
        if (found.isEmpty()) {
            why = "$ECSTATIC_AWS_CLI is unset and there is no aws on the PATH";
        } else if (!Files.isExecutable(found.get())) {
            why = found.get() + " is not an executable file";
        } else {
            why = notV2(found.get());
        }
        require("the AWS CLI v2", why, "Set $ECSTATIC_AWS_CLI to it or put it on the PATH "
                + "(Debian: apt-get install -y awscli)", env);
        return found.orElseThrow();
    }

    /** Why {@code aws} is not a working AWS CLI v2, or null. */
    private static String notV2(Path aws) throws InterruptedException {
        try {
            Processes.Result r = Processes.run(new ProcessBuilder(aws.toString(), "--version"), Duration.ofSeconds(60));
            String version = (r.stdout() + r.stderr()).strip();
            if (r.exit() == 0 && version.startsWith("aws-cli/2")) {
                return null;
            }
            return aws + " --version says \"" + version + "\" (exit " + r.exit() + "), not aws-cli/2";
        } catch (IOException e) {
            return "cannot run " + aws + ": " + e.getMessage();
        } catch (Processes.TimedOut e) {
            return e.getMessage();
        }
    }

    /**
     * A python with boto3, skipping or failing the test when there is none: {@code $ECSTATIC_PYTHON} if
     * set (CI: /usr/bin/python3 with Debian's python3-boto3), else {@code python3}.
     */
    static String pythonWithBoto3(Map<String, String> env) throws InterruptedException {
        String explicit = env.get("ECSTATIC_PYTHON");
        String python = explicit != null && !explicit.isBlank() ? explicit : "python3";
        String why;
        try {
            Processes.Result r = Processes.run(new ProcessBuilder(python, "-c", "import boto3"), Duration.ofSeconds(60));
            why = r.exit() == 0 ? null : python + ": import boto3 failed: " + r.stderr().strip();
        } catch (IOException e) {
            why = "cannot run " + python + ": " + e.getMessage();
        } catch (Processes.TimedOut e) {
            why = e.getMessage();
        }
        require("boto3", why, "Set $ECSTATIC_PYTHON to a python with boto3 "
                + "(Debian: apt-get install -y python3-boto3, then /usr/bin/python3)", env);
        return python;
    }

    private static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
