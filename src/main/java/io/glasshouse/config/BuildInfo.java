package io.glasshouse.config;

/** The version this build reports on /api/public/health and --version. */
public final class BuildInfo {
    private BuildInfo() {}

    public static String version() {
        String fromJar = BuildInfo.class.getPackage().getImplementationVersion();
        return fromJar != null ? fromJar : "dev";
    }
}
