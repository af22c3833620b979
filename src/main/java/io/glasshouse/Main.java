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
    private Main() {}

    public static void main(String[] args) {
        int exitCode;
        try {
            CommandLine commandLine = GlasshouseCommand.commandLine(args, System.getenv(), Main::serve);
            commandLine.setParameterExceptionHandler((e, ignored) -> {
                System.err.println("glasshouse: " + e.getMessage() + " (see --help)");
                return 2;
            });
            commandLine.setExecutionExceptionHandler((e, ignoredLine, ignoredResult) -> {
                throw e;
            });
            exitCode = commandLine.execute(args);
        } catch (GlasshouseException e) {
            System.err.println("glasshouse: " + e.getMessage());
            exitCode = 1;
        } catch (RuntimeException e) {
            System.err.println("glasshouse: start-up failed: " + e);
            exitCode = 1;
        }
        System.exit(exitCode);
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
