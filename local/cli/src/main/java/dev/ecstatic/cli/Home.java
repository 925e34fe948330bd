package dev.ecstatic.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project folder: where template.yaml and statemachine/ are. */
public final class Home {

    private Home() {}

    /**
     * The {@code ecstatic.home} system property (the launcher sets it), else the nearest folder at or
     * above the working directory that has a template.yaml and a statemachine/ folder.
     */
    public static Path find() {
        String configured = System.getProperty("ecstatic.home");
        if (configured != null) {
            Path home = Path.of(configured).toAbsolutePath();
            if (!isHome(home)) {
                throw new IllegalStateException("ecstatic.home=" + configured
                        + " has no template.yaml and statemachine/ folder");
            }
            return home;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isHome(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the ecstatic project (template.yaml and statemachine/) at or above "
                + Path.of("").toAbsolutePath() + "; run ./ecstatic from the project, or set -Decstatic.home");
    }

    private static boolean isHome(Path dir) {
        return Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("statemachine"));
    }
}
