package io.glasshouse.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared suite on SQLite, plus what only the SQLite file has. */
final class TestMetadataStoreSqlite extends BaseMetadataStoreTest {
    @Override
    String newDatabaseUrl() {
        return null;
    }

    @Test
    void keepsOneFileInTheDataDirectory() {
        assertThat(dataDir.resolve("glasshouse.db")).isRegularFile();
        assertThat(store.describe()).isEqualTo("SQLite at " + dataDir.resolve("glasshouse.db"));
    }

    @Test
    void connectionsUseWalForeignKeysAndABusyTimeout() {
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        assertThat(pragma("busy_timeout")).isEqualTo("10000");
    }

    @Test
    void missingDataDirectoryIsCreated() {
        Path nested = dataDir.resolve("nested/data");

        try (MetadataStore nestedStore = MetadataStore.open(null, nested, clock, FAST_PASSWORDS)) {
            assertThat(nestedStore.projects().isEmpty()).isTrue();
        }
        assertThat(nested.resolve("glasshouse.db")).isRegularFile();
    }

    @Test
    void dataDirectoryThatIsAFileIsAConfigurationError() throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");

        String message = assertFails(ErrorCode.CONFIGURATION, () -> MetadataStore.open(null, file));

        assertThat(message).contains(file.toString());
    }

    private String pragma(String name) {
        return store.jdbi().withHandle(handle -> handle.createQuery("PRAGMA " + name).mapTo(String.class).one());
    }
}
