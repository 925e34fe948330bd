package dev.ecstatic.simulator;

/** Semantic order of {@code major.minor.patch} agent versions. */
final class Versions {

    private Versions() {
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            long p = k < x.length ? Long.parseLong(x[k]) : 0;
            long q = k < y.length ? Long.parseLong(y[k]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
