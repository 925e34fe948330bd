package dev.ecstatic.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The simulator tests' rule (local/aws-simulator's RequiredTool) for a program a laptop may lack, here
 * Chromium: missing, the test is skipped with the reason printed, unless the environment variable
 * {@code CI} is set (to anything but the empty string), where it fails naming the program. CI installs
 * it ({@code .ci/run}), so a skip there would only hide a test that never ran.
 */
final class RequiredTool {

    private RequiredTool() {
    }

    /** What a test does about a program it needs. */
    sealed interface Decision permits Run, Skip, Fail {
    }

    record Run() implements Decision {
    }

    record Skip(String reason) implements Decision {
    }

    record Fail(String message) implements Decision {
    }

    /**
     * @param whyMissing why the program cannot be used, or null when it can
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
     * Chromium, skipping or failing the test when there is none: {@code $ECSTATIC_CHROMIUM} if set, else
     * Debian's {@code /usr/bin/chromium}.
     */
    static Path chromium(Map<String, String> env) {
        String explicit = env.get("ECSTATIC_CHROMIUM");
        Path chromium = Path.of(explicit != null && !explicit.isBlank() ? explicit : "/usr/bin/chromium");
        String why = Files.isExecutable(chromium) ? null : chromium + " is not an executable file";
        switch (decide("Chromium", why, "Install Debian's chromium (apt-get install -y chromium) or set "
                + "$ECSTATIC_CHROMIUM to a Chromium or Chrome binary", env)) {
            case Run run -> {
            }
            case Skip skip -> {
                System.out.println(skip.reason());
                Assumptions.abort(skip.reason());
            }
            case Fail fail -> throw new AssertionFailedError(fail.message());
        }
        return chromium;
    }
}
