package io.glasshouse.storage.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine reads the process's standard input as more data for an {@code INSERT …
 * VALUES} (clickhouse-local's behaviour). The server may be started with anything on stdin (a
 * pipe, a test runner's command channel), so no statement of ours may have a data section: the
 * migration history row used to be inserted with VALUES and failed with CANNOT_PARSE_INPUT when
 * stdin held text. Run in a child JVM, because the test JVM's stdin belongs to the test runner.
 */
class TestSchemaIgnoresStandardInput {
    @Test
    void migrationsSucceedWhileStandardInputHoldsText() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"), MigrateWithInputProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write("not,values,for,an,insert\n".getBytes(UTF_8));
        }
        boolean exited = child.waitFor(3, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), UTF_8);
        if (!exited) {
            child.destroyForcibly();
        }
        assertThat(exited).as("the child exited; output: %s", output).isTrue();
        assertThat(child.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).contains("applied [1, 2, 4, 5");
    }
}
