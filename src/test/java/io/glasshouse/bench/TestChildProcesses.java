package io.glasshouse.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestChildProcesses {
    @Test
    void aChildStartedByTheBenchmarkStopsWhenTheBenchmarkIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process bench = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoppedOnExitProbe.class.getName())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Optional<ProcessHandle> child = Optional.empty();
        try {
            String pid = new BufferedReader(new InputStreamReader(bench.getInputStream(), UTF_8)).readLine();
            assertThat(pid).as("the probe printed its child's pid").isNotNull().matches("\\d+");
            child = ProcessHandle.of(Long.parseLong(pid));
            assertThat(child).as("the child runs").isPresent();
            assertThat(child.get().isAlive()).isTrue();

            bench.destroy(); // SIGTERM, as Ctrl-C or pkill would
            assertThat(bench.waitFor(1, TimeUnit.MINUTES)).as("the probe exited").isTrue();
            assertThat(child.get().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get())
                    .as("the child was stopped with its parent").isNotNull();
            assertThat(child.get().isAlive()).isFalse();
        } finally {
            bench.destroyForcibly();
            child.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
