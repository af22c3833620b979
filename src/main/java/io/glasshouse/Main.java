package io.glasshouse;

import io.glasshouse.config.GlasshouseCommand;
import io.glasshouse.config.GlasshouseConfig;
import io.glasshouse.error.GlasshouseException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * Entry point. Start-up problems end with ONE line on stderr and a non-zero exit: 2 for a bad
 * command line, 1 for anything else that stops start-up.
 */
public final class Main {
    /** When main() began: start-up timing separates JVM launch from our own work. */
    static final long MAIN_ENTERED_MILLIS = System.currentTimeMillis();

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    // Parses by hand instead of CommandLine.execute so that every failure, whatever its source,
    // ends as the single line we print here.
    private static int run(String[] args) {
        try {
            CommandLine commandLine = GlasshouseCommand.commandLine(args, System.getenv());
            try {
                commandLine.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                System.err.println("glasshouse: " + e.getMessage() + " (see --help)");
                return 2;
            }
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return 0;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(System.out);
                return 0;
            }
            GlasshouseCommand command = commandLine.getCommand();
            serve(command.toConfig());
            return 0;
        } catch (GlasshouseException e) {
            System.err.println("glasshouse: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("glasshouse: start-up failed: " + e);
            return 1;
        }
    }

    private static void serve(GlasshouseConfig config) {
        Server server = Server.start(config, System.getenv(), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            // The JVM reports 143 after SIGTERM even when every hook succeeded. Everything is
            // stored and closed at this point, so say so with exit code 0.
            Runtime.getRuntime().halt(0);
        }, "glasshouse-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
