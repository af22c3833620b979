package io.glasshouse.storage.meta;

import io.glasshouse.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL server per test JVM, started from the machine's PostgreSQL binaries in a
 * fresh temporary directory on a free loopback port, and stopped by a shutdown hook. Each caller
 * of {@link #newDatabaseUrl()} gets its own empty database, so tests never see each other's rows.
 *
 * <p>initdb refuses to run as root, and tests run as root here and in CI: then every PostgreSQL
 * command runs as the {@code postgres} user (created by Debian's package) via {@code runuser}.
 * Missing binaries fail the tests with instructions; they are never skipped.
 */
public final class TestingPostgres {
    /** Overrides where initdb and pg_ctl are looked for (e.g. on macOS). */
    static final String BIN_VARIABLE = "GLASSHOUSE_TEST_POSTGRES_BIN";
    private static final String SUPERUSER = "glasshouse";
    private static final String OS_USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestingPostgres instance;

    private final Path root;
    private final Path data;
    private final Path bin;
    private final List<String> runAs;
    private final int port;

    private TestingPostgres(Path root, Path bin, List<String> runAs, int port) {
        this.root = root;
        this.data = root.resolve("data");
        this.bin = bin;
        this.runAs = runAs;
        this.port = port;
    }

    public static synchronized TestingPostgres instance() {
        if (instance == null) {
            instance = start();
            TestingPostgres started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-shutdown"));
        }
        return instance;
    }

    /** A JDBC URL to a new, empty database on the shared server. */
    public synchronized String newDatabaseUrl() {
        String name = "meta_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    private static TestingPostgres start() {
        Path bin = binaries();
        List<String> runAs = runAs();
        try {
            Path root = Files.createTempDirectory("glasshouse-test-pg-");
            if (!runAs.isEmpty()) {
                UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(root, users.lookupPrincipalByName(OS_USER));
            }
            TestingPostgres initialised = new TestingPostgres(root, bin, runAs, 0);
            initialised.run(List.of(
                    bin.resolve("initdb").toString(),
                    "-D", initialised.data.toString(),
                    "-U", SUPERUSER,
                    "-A", "trust",
                    "-E", "UTF8",
                    "--locale=C",
                    "--no-sync"));
            // A free port can be taken between our probe and the server's bind; try a few.
            IllegalStateException failure = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                TestingPostgres server = new TestingPostgres(root, bin, runAs, FreePorts.pick());
                try {
                    server.startServer();
                    return server;
                } catch (IllegalStateException e) {
                    failure = e;
                }
            }
            throw failure;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a test PostgreSQL", e);
        }
    }

    private void startServer() {
        // fsync off and friends: test data need not survive a power cut, and it makes CREATE
        // DATABASE per test cheap.
        String options = String.join(" ",
                "-p", Integer.toString(port),
                "-k", root.toString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=200");
        run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D", data.toString(),
                "-l", root.resolve("postgres.log").toString(),
                "-o", options,
                "-w", "-t", "60",
                "start"));
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        try {
            Path output = Files.createTempFile("glasshouse-test-pg-command-", ".log");
            try {
                // Output to a file, not a pipe: pg_ctl's server child would hold a pipe open.
                Process process = new ProcessBuilder(full)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", full));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", full) + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8)
                            + serverLog());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private String serverLog() throws IOException {
        Path log = root.resolve("postgres.log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static Path binaries() {
        String configured = System.getenv(BIN_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            if (!hasBinaries(bin)) {
                throw new IllegalStateException(BIN_VARIABLE + "=" + configured + " holds no initdb and pg_ctl");
            }
            return bin;
        }
        Path installs = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installs)) {
            try (Stream<Path> versions = Files.list(installs)) {
                // Newest major version first: "15" before "9.6".
                var found = versions.map(version -> version.resolve("bin"))
                        .filter(TestingPostgres::hasBinaries)
                        .max(Comparator.comparingDouble(TestingPostgres::version));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("the PostgreSQL tests need a real PostgreSQL server, but initdb and pg_ctl"
                + " were not found under /usr/lib/postgresql/*/bin: install them with `apt-get install postgresql`,"
                + " or set " + BIN_VARIABLE + " to the directory that holds them");
    }

    private static boolean hasBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The command prefix that drops root to the postgres user; empty when not root. */
    private static List<String> runAs() {
        if (!"0".equals(output("id", "-u"))) {
            return List.of();
        }
        if (output("id", "-u", OS_USER) == null) {
            throw new IllegalStateException("the tests run as root, which initdb refuses, and there is no '" + OS_USER
                    + "' user to run PostgreSQL as: install PostgreSQL with `apt-get install postgresql`"
                    + " (it creates that user), or run the tests as an ordinary user");
        }
        return List.of("runuser", "-u", OS_USER, "--");
    }

    /** The command's trimmed output, or null when it fails. */
    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
