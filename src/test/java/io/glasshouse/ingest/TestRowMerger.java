package io.glasshouse.ingest;

import static io.glasshouse.ingest.TestingPatches.PROJECT;
import static io.glasshouse.ingest.TestingPatches.at;
import static io.glasshouse.ingest.TestingPatches.create;
import static io.glasshouse.ingest.TestingPatches.trace;
import static io.glasshouse.ingest.TestingPatches.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.StoredRows;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRowMerger {
    private final RowMerger merger = new RowMerger(ObservationPricing.asSent(), StoredRows.none(), RowMerger.Settings.defaults());

    @Test
    void laterNonNullTraceFieldsWinMetadataMergesAndTagsUnite() {
        TraceRow row = onlyTrace(merger.merge(List.of(
                trace("t1", "10:00:00").name("first").userId("u1").release("r1").input("question")
                        .metadata(Map.of("a", "1", "b", "1")).tags("beta", "alpha").build(),
                trace("t1", "10:00:05").name("second").output("answer")
                        .metadata(Map.of("b", "2", "c", "2")).tags("gamma", "alpha").isPublic(true).build()), List.of()));

        assertThat(row.name()).isEqualTo("second");
        assertThat(row.userId()).isEqualTo("u1");
        assertThat(row.release()).isEqualTo("r1");
        assertThat(row.input()).isEqualTo("question");
        assertThat(row.output()).isEqualTo("answer");
        assertThat(row.metadata()).isEqualTo(Map.of("a", "1", "b", "2", "c", "2"));
        assertThat(row.tags()).containsExactly("alpha", "beta", "gamma");
        assertThat(row.isPublic()).isTrue();
        assertThat(row.environment()).isEqualTo("default");
    }

    @Test
    void patchesApplyByEventTimeWhateverTheirOrderInTheList() {
        TraceRow row = onlyTrace(merger.merge(List.of(
                trace("t1", "10:00:09").name("latest").build(),
                trace("t1", "10:00:01").name("earliest").userId("u-early").build()), List.of()));
        assertThat(row.name()).isEqualTo("latest");
        assertThat(row.userId()).isEqualTo("u-early");
    }

    @Test
    void createsApplyBeforeUpdatesEvenWhenTheUpdateIsOlder() {
        ObservationRow row = onlyObservation(merger.merge(List.of(), List.of(
                update("o1", "10:00:00").traceId("t1").output("from update").name("update name").build(),
                create("o1", "10:00:05").traceId("t1").type(ObservationType.GENERATION).name("create name")
                        .input("from create").startTime(at("09:59:59")).build())));
        assertThat(row.name()).isEqualTo("update name");
        assertThat(row.input()).isEqualTo("from create");
        assertThat(row.output()).isEqualTo("from update");
        assertThat(row.type()).isEqualTo(ObservationType.GENERATION);
    }

    @Test
    void aMergeCarriesThePricedVersionItReplacesForTheMetricsRollup() {
        // A pricing that marks its output, so the test sees which copy of a row is carried.
        RowMerger marking = new RowMerger(row -> new ObservationRow(row.projectId(), row.traceId(), row.id(), row.type(),
                row.parentObservationId(), row.name(), row.environment(), row.startTime(), row.endTime(),
                row.completionStartTime(), row.level(), row.statusMessage(), row.version(), row.input(), row.output(),
                row.metadata(), row.providedModelName(), row.internalModelId(), row.modelParameters(),
                row.providedUsageDetails(), row.usageDetails(), row.providedCostDetails(), row.costDetails(),
                new BigDecimal(row.name().length()), row.promptId(), row.promptName(), row.promptVersion(),
                row.resourceAttributes(), row.scopeName(), row.eventVersion(), row.deleted()),
                StoredRows.none(), RowMerger.Settings.defaults());

        EventBatch created = marking.merge(List.of(), List.of(create("o1", "10:00:00").traceId("t1").name("abc").build()));
        assertThat(created.replacedObservations()).isEmpty();

        EventBatch updated = marking.merge(List.of(), List.of(update("o1", "10:00:05").name("abcdef").build()));
        assertThat(updated.replacedObservations()).singleElement().satisfies(replaced -> {
            assertThat(replaced.eventVersion()).isEqualTo(onlyObservation(created).eventVersion());
            assertThat(replaced.totalCost()).isEqualByComparingTo("3");
        });
        assertThat(onlyObservation(updated).totalCost()).isEqualByComparingTo("6");
    }

    @Test
    void traceKeepsItsFirstTimestampUnlessALaterEventStatesOne() {
        merger.merge(List.of(trace("t1", "10:00:00").build()), List.of());
        TraceRow kept = onlyTrace(merger.merge(List.of(trace("t1", "11:00:00").name("renamed").build()), List.of()));
        assertThat(kept.timestamp()).isEqualTo(at("10:00:00"));

        TraceRow moved = onlyTrace(merger.merge(List.of(trace("t1", "12:00:00").timestamp(at("09:30:00")).build()), List.of()));
        assertThat(moved.timestamp()).isEqualTo(at("09:30:00"));
        assertThat(moved.name()).isEqualTo("renamed");
    }

    @Test
    void observationKeepsItsStartTimeAndDefaults() {
        merger.merge(List.of(), List.of(create("o1", "10:00:01").traceId("t1").startTime(at("10:00:00")).build()));
        ObservationRow row = onlyObservation(merger.merge(List.of(), List.of(
                update("o1", "10:00:09").endTime(at("10:00:08")).level(ObservationLevel.ERROR).statusMessage("boom").build())));
        assertThat(row.startTime()).isEqualTo(at("10:00:00"));
        assertThat(row.endTime()).isEqualTo(at("10:00:08"));
        assertThat(row.traceId()).isEqualTo("t1");
        assertThat(row.type()).isEqualTo(ObservationType.SPAN);
        assertThat(row.environment()).isEqualTo("default");
        assertThat(row.level()).isEqualTo(ObservationLevel.ERROR);
        assertThat(row.statusMessage()).isEqualTo("boom");

        ObservationRow fresh = onlyObservation(merger.merge(List.of(), List.of(create("o2", "10:00:01").traceId("t1").build())));
        assertThat(fresh.startTime()).isEqualTo(at("10:00:01"));
        assertThat(fresh.level()).isEqualTo(ObservationLevel.DEFAULT);
    }

    @Test
    void anUpdateNeverChangesTheTypeOfAnExistingObservation() {
        merger.merge(List.of(), List.of(create("o1", "10:00:00").traceId("t1").type(ObservationType.TOOL).build()));
        ObservationRow row = onlyObservation(merger.merge(List.of(), List.of(
                update("o1", "10:00:01").type(ObservationType.SPAN).output("done").build())));
        assertThat(row.type()).isEqualTo(ObservationType.TOOL);
    }

    @Test
    void updateOfAnUnknownObservationLooksItUpOnceAndMergesOntoTheStoredRow() {
        List<Collection<String>> lookups = new ArrayList<>();
        ObservationRow stored = onlyObservation(new RowMerger(ObservationPricing.asSent(), StoredRows.none(), RowMerger.Settings.defaults())
                .merge(List.of(), List.of(create("stored", "09:00:00").traceId("t-stored").type(ObservationType.GENERATION)
                        .name("stored name").input("stored input").model("gpt-4o").build())));
        StoredRows store = (project, ids) -> {
            lookups.add(List.copyOf(ids));
            return ids.contains("stored") ? Map.of("stored", stored) : Map.of();
        };
        RowMerger cold = new RowMerger(ObservationPricing.asSent(), store, RowMerger.Settings.defaults());

        EventBatch batch = cold.merge(List.of(), List.of(
                update("stored", "10:00:00").output("new output").build(),
                update("never-created", "10:00:00").traceId("t9").output("orphan").build(),
                create("fresh", "10:00:00").traceId("t9").build(),
                update("fresh", "10:00:01").output("fresh output").build()));

        assertThat(lookups).hasSize(1);
        assertThat(lookups.getFirst()).containsExactlyInAnyOrder("stored", "never-created");
        ObservationRow merged = byId(batch, "stored");
        assertThat(merged.traceId()).isEqualTo("t-stored");
        assertThat(merged.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(merged.name()).isEqualTo("stored name");
        assertThat(merged.input()).isEqualTo("stored input");
        assertThat(merged.output()).isEqualTo("new output");
        assertThat(merged.providedModelName()).isEqualTo("gpt-4o");
        assertThat(merged.eventVersion()).isGreaterThan(stored.eventVersion());
        ObservationRow orphan = byId(batch, "never-created");
        assertThat(orphan.type()).isEqualTo(ObservationType.SPAN);
        assertThat(orphan.output()).isEqualTo("orphan");

        cold.merge(List.of(), List.of(update("stored", "10:00:02").name("cached now").build()));
        assertThat(lookups).as("a cached row is not looked up again").hasSize(1);
    }

    /**
     * A store holding what its merger handed out, as the writer would have stored it, and that
     * merger; counts its reads.
     */
    private static final class RecordingStore implements StoredRows {
        final Map<String, ObservationRow> rows = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Collection<String>> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, TraceRow> traces = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Collection<String>> traceLookups = new java.util.concurrent.CopyOnWriteArrayList<>();
        final RowMerger merger = new RowMerger(ObservationPricing.asSent(), this, RowMerger.Settings.defaults());
        Runnable duringLookup = () -> {};

        /** Merges the patches, stores the rows and tells the merger so, as the OTLP sink does. */
        EventBatch mergeAndStore(ObservationPatch... patches) {
            EventBatch batch = stored(merger.merge(List.of(), List.of(patches)));
            merger.stored(batch.observations());
            return batch;
        }

        EventBatch stored(EventBatch batch) {
            batch.observations().forEach(row -> rows.put(row.id(), row));
            return batch;
        }

        @Override
        public Map<String, TraceRow> findTraces(ProjectId project, Collection<String> ids) {
            traceLookups.add(List.copyOf(ids));
            Map<String, TraceRow> found = new java.util.HashMap<>();
            ids.stream().filter(traces::containsKey).forEach(id -> found.put(id, traces.get(id)));
            return found;
        }

        @Override
        public Map<String, ObservationRow> findObservations(ProjectId project, Collection<String> ids) {
            lookups.add(List.copyOf(ids));
            Map<String, ObservationRow> found = new java.util.HashMap<>();
            ids.stream().filter(rows::containsKey).forEach(id -> found.put(id, rows.get(id)));
            duringLookup.run(); // after the read: what happens now is news to the reader
            return found;
        }
    }

    @Test
    void aTraceUpdateTheCacheDoesNotKnowFoldsOntoTheStoredTraceAndACreateReadsNothing() {
        RecordingStore store = new RecordingStore();
        TraceRow root = onlyTrace(new RowMerger(ObservationPricing.asSent(), StoredRows.none(), RowMerger.Settings.defaults())
                .merge(List.of(trace("t1", "10:00:00").timestamp(Instant.parse("2026-01-01T10:00:00Z"))
                        .name("checkout").userId("u-1").input("question").tags("first").build()), List.of()));
        store.traces.put("t1", root);
        RowMerger merging = store.merger; // its cache has never seen t1: as after an eviction or a restart

        // A late span of the trace (OTLP, not the root): its start does not re-date the trace.
        TraceRow updated = onlyTrace(merging.merge(List.of(trace("t1", "10:05:00").timestamp(Instant.parse("2026-01-01T10:04:00Z"))
                .environment("default").tags("late").asUpdate().build()), List.of()));

        assertThat(store.traceLookups).containsExactly(List.of("t1"));
        assertThat(updated.name()).isEqualTo("checkout");
        assertThat(updated.userId()).isEqualTo("u-1");
        assertThat(updated.input()).isEqualTo("question");
        assertThat(updated.tags()).containsExactly("first", "late");
        assertThat(updated.timestamp()).isEqualTo(root.timestamp());
        assertThat(updated.eventVersion()).isGreaterThan(root.eventVersion());

        merging.merge(List.of(trace("t1", "10:06:00").output("answer").asUpdate().build()), List.of());
        merging.merge(List.of(trace("t2", "10:07:00").name("fresh").build()), List.of());
        assertThat(store.traceLookups).as("cached now; a create carries its own fields").hasSize(1);
    }

    @Test
    void storedRowsLeaveTheCacheButTheirNextUpdateReadsThemBack() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        String input = "x".repeat(50_000);
        EventBatch created = store.stored(merging.merge(List.of(), List.of(
                create("o1", "10:00:00").traceId("t1").name("span").input(input).build())));
        long whileUnstored = merging.cachedBytes();

        merging.stored(created.observations());

        assertThat(whileUnstored).as("the cache holds the input until the row is stored").isGreaterThan(100_000);
        assertThat(merging.cachedBytes()).as("once stored, only a marker").isLessThan(5_000);
        EventBatch updated = merging.merge(List.of(), List.of(update("o1", "10:00:05").output("done").build()));
        assertThat(store.lookups).containsExactly(List.of("o1"));
        ObservationRow row = onlyObservation(updated);
        assertThat(row.input()).isEqualTo(input);
        assertThat(row.name()).isEqualTo("span");
        assertThat(row.output()).isEqualTo("done");
        assertThat(updated.replacedObservations()).as("the rollup learns what the update replaces")
                .containsExactly(onlyObservation(created));
    }

    @Test
    void aRetriedCreateOfAStoredRowReadsItBackSoTheRollupReplacesIt() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        ObservationPatch span = create("o1", "10:00:00").traceId("t1").input("question").output("answer").build();
        EventBatch first = store.mergeAndStore(span);

        EventBatch retried = merging.merge(List.of(), List.of(span));

        assertThat(store.lookups).containsExactly(List.of("o1"));
        assertThat(retried.replacedObservations()).containsExactly(onlyObservation(first));
        assertThat(onlyObservation(retried).eventVersion()).isGreaterThan(onlyObservation(first).eventVersion());
        assertThat(onlyObservation(retried).output()).isEqualTo("answer");
    }

    @Test
    void aRowMergedAgainBeforeItsStoreIsReportedStaysCached() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        EventBatch first = merging.merge(List.of(), List.of(create("o1", "10:00:00").traceId("t1").input("question").build()));
        merging.merge(List.of(), List.of(update("o1", "10:00:01").output("answer").build()));

        merging.stored(first.observations());
        ObservationRow row = onlyObservation(merging.merge(List.of(), List.of(update("o1", "10:00:02").name("named").build())));

        assertThat(store.lookups).as("the newer, unstored merge is still cached").isEmpty();
        assertThat(row.input()).isEqualTo("question");
        assertThat(row.output()).isEqualTo("answer");
        assertThat(row.name()).isEqualTo("named");
    }

    @Test
    void aRowStoredWhileAMergeReadsOtherRowsIsReadBackBeforeItsPatchFolds() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        EventBatch cached = store.stored(merging.merge(List.of(), List.of(
                create("cached", "10:00:00").traceId("t1").input("kept input").build())));
        // While this merge reads "elsewhere" from the store, the writer reports "cached" stored.
        store.duringLookup = () -> {
            store.duringLookup = () -> {};
            merging.stored(cached.observations());
        };

        EventBatch batch = merging.merge(List.of(), List.of(
                update("elsewhere", "10:00:01").traceId("t2").output("orphan").build(),
                create("cached", "10:00:01").output("answer").build()));

        assertThat(store.lookups).containsExactly(List.of("elsewhere"), List.of("cached"));
        ObservationRow row = byId(batch, "cached");
        assertThat(row.input()).as("folded onto the stored row, not onto nothing").isEqualTo("kept input");
        assertThat(row.output()).isEqualTo("answer");
    }

    @Test
    void aRowStoredAgainWhileAMergeReadsItIsReadAgain() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        store.mergeAndStore(create("o1", "10:00:00").traceId("t1").input("question").build());
        // While the merge below reads o1, another request updates it and that update is stored.
        store.duringLookup = () -> {
            store.duringLookup = () -> {};
            store.mergeAndStore(update("o1", "10:00:01").output("answer").build());
        };

        EventBatch third = merging.merge(List.of(), List.of(update("o1", "10:00:02").name("named").build()));

        ObservationRow row = onlyObservation(third);
        assertThat(row.input()).isEqualTo("question");
        assertThat(row.output()).as("folded onto the version stored during the read").isEqualTo("answer");
        assertThat(row.name()).isEqualTo("named");
        assertThat(third.replacedObservations()).singleElement()
                .satisfies(replaced -> assertThat(replaced.output()).isEqualTo("answer"));
        assertThat(store.lookups).as("the merge's read, the other request's, the merge's again")
                .containsExactly(List.of("o1"), List.of("o1"), List.of("o1"));
    }

    @Test
    void aStoredRowThatTheStoreNoLongerHasIsReadOnce() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        store.mergeAndStore(create("o1", "10:00:00").traceId("t1").build());
        store.rows.clear(); // deleted since, as a trace deletion leaves it

        ObservationRow row = onlyObservation(merging.merge(List.of(), List.of(update("o1", "10:00:01").traceId("t1").output("late").build())));

        assertThat(store.lookups).containsExactly(List.of("o1"));
        assertThat(row.output()).isEqualTo("late");
    }

    @Test
    void aRowStoredAgainDuringEveryReadFailsTheMergeForARetry() {
        RecordingStore store = new RecordingStore();
        RowMerger merging = store.merger;
        store.mergeAndStore(create("o1", "10:00:00").traceId("t1").build());
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        boolean[] inside = {false};
        store.duringLookup = () -> {
            if (inside[0]) {
                return;
            }
            inside[0] = true;
            try {
                store.mergeAndStore(update("o1", "10:00:01").output("v" + updates.incrementAndGet()).build());
            } finally {
                inside[0] = false;
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> merging.merge(List.of(), List.of(update("o1", "10:00:02").name("late").build())))
                .isInstanceOfSatisfying(io.glasshouse.error.GlasshouseException.class,
                        e -> assertThat(e.code()).isEqualTo(io.glasshouse.error.ErrorCode.STORAGE_UNAVAILABLE));
        assertThat(updates.get()).as("a newer version stored during each of the four reads").isEqualTo(4);
    }

    @Test
    void anObservationWithoutAnyTraceGetsAWrapperTraceOfItsOwn() {
        EventBatch batch = merger.merge(List.of(), List.of(create("lonely", "10:00:00").environment("prod").build()));
        ObservationRow row = onlyObservation(batch);
        assertThat(row.traceId()).isEqualTo("lonely");
        TraceRow wrapper = onlyTrace(batch);
        assertThat(wrapper.id()).isEqualTo("lonely");
        assertThat(wrapper.timestamp()).isEqualTo(row.startTime());
        assertThat(wrapper.environment()).isEqualTo("prod");

        EventBatch again = merger.merge(List.of(), List.of(update("lonely", "10:00:01").output("x").build()));
        assertThat(again.traces()).as("the cached row has its trace").isEmpty();
        assertThat(onlyObservation(again).traceId()).isEqualTo("lonely");
    }

    @Test
    void versionsIncreaseStrictlyAcrossMerges() {
        long previous = 0;
        for (int i = 0; i < 50; i++) {
            TraceRow row = onlyTrace(merger.merge(List.of(trace("t1", "10:00:00").name("n" + i).build()), List.of()));
            assertThat(row.eventVersion()).isGreaterThan(previous);
            previous = row.eventVersion();
            assertThat(merger.nextEventVersion()).isGreaterThan(previous);
        }
    }

    @Test
    void movingARowToAnotherKeyWritesATombstoneForTheOldOne() {
        merger.merge(List.of(), List.of(create("o1", "10:00:00").traceId("t-old").startTime(at("10:00:00")).build()));
        EventBatch moved = merger.merge(List.of(), List.of(create("o1", "10:00:05").traceId("t-new").build()));
        assertThat(moved.observations()).hasSize(2);
        ObservationRow tombstone = moved.observations().get(0);
        ObservationRow live = moved.observations().get(1);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.traceId()).isEqualTo("t-old");
        assertThat(live.deleted()).isFalse();
        assertThat(live.traceId()).isEqualTo("t-new");
        assertThat(live.eventVersion()).isGreaterThan(tombstone.eventVersion());

        merger.merge(List.of(trace("t1", "10:00:00").build()), List.of());
        assertThat(merger.merge(List.of(trace("t1", "10:00:01").timestamp(at("11:00:00")).build()), List.of()).traces())
                .as("same day: same key").hasSize(1);
        EventBatch nextDay = merger.merge(List.of(trace("t1", "10:00:02")
                .timestamp(Instant.parse("2026-03-02T10:00:00Z")).build()), List.of());
        assertThat(nextDay.traces()).extracting(TraceRow::deleted).containsExactly(true, false);
    }

    @Test
    void usageAndCostAreReplacedWholeAndPricingRunsOnEveryMergedObservation() {
        RowMerger priced = new RowMerger(
                row -> TestingPricing.withModelId(row, "model-of-" + row.providedModelName()),
                StoredRows.none(), RowMerger.Settings.defaults());
        priced.merge(List.of(), List.of(create("g1", "10:00:00").traceId("t1").type(ObservationType.GENERATION).model("gpt-4o")
                .usage(Map.of("input", 10L, "output", 5L, "total", 15L))
                .cost(Map.of("input", new BigDecimal("0.01"), "output", new BigDecimal("0.02"))).build()));
        ObservationRow row = onlyObservation(priced.merge(List.of(), List.of(update("g1", "10:00:01")
                .usage(Map.of("output", 7L)).build())));
        assertThat(row.providedUsageDetails()).isEqualTo(Map.of("output", 7L));
        assertThat(row.usageDetails()).isEqualTo(Map.of("output", 7L));
        assertThat(row.providedCostDetails()).containsOnlyKeys("input", "output");
        assertThat(row.totalCost()).isEqualByComparingTo("0.03");
        assertThat(row.internalModelId()).isEqualTo("model-of-gpt-4o");
    }

    @Test
    void promptAndEndTimeRules() {
        ObservationRow row = onlyObservation(merger.merge(List.of(), List.of(
                create("o1", "10:00:00").traceId("t1").startTime(at("10:00:00")).prompt("summarise", 3).build(),
                update("o1", "10:00:01").endTime(at("09:00:00")).build())));
        assertThat(row.promptName()).isEqualTo("summarise");
        assertThat(row.promptVersion()).isEqualTo(3);
        assertThat(row.endTime()).as("never before the start").isEqualTo(at("10:00:00"));
    }

    @Test
    void projectsDoNotShareRows() {
        ProjectId other = new ProjectId("other-project");
        merger.merge(List.of(trace("t1", "10:00:00").name("mine").build()), List.of());
        TraceRow theirs = onlyTrace(merger.merge(List.of(trace("t1", "10:00:01").project(other).userId("u").build()), List.of()));
        assertThat(theirs.projectId()).isEqualTo(other);
        assertThat(theirs.name()).isNull();
    }

    @Test
    void cacheIsBoundedByCountAndBytes() {
        RowMerger small = new RowMerger(ObservationPricing.asSent(), StoredRows.none(), new RowMerger.Settings(10, 1L << 30));
        for (int i = 0; i < 25; i++) {
            small.merge(List.of(trace("t" + i, "10:00:00").build()), List.of());
        }
        assertThat(small.cachedRows()).isEqualTo(10);

        RowMerger byBytes = new RowMerger(ObservationPricing.asSent(), StoredRows.none(), new RowMerger.Settings(1000, 100_000));
        String big = "x".repeat(20_000);
        for (int i = 0; i < 10; i++) {
            byBytes.merge(List.of(trace("t" + i, "10:00:00").input(big).build()), List.of());
        }
        assertThat(byBytes.cachedRows()).isBetween(1, 2);
        byBytes.merge(List.of(trace("huge", "10:00:00").input("y".repeat(100_000)).build()), List.of());
        assertThat(byBytes.cachedRows()).as("a row above the byte bound is not cached").isBetween(1, 2);
    }

    @Test
    void concurrentUpdatesOfTheSameObservationsEndWithEveryField() throws Exception {
        List<String> ids = List.of("c1", "c2", "c3");
        for (String id : ids) {
            merger.merge(List.of(), List.of(create(id, "10:00:00").traceId("t").build()));
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    for (String id : ids) {
                        merger.merge(List.of(), List.of(update(id, "10:00:01").metadata(Map.of("thread-" + thread, "" + i)).build()));
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (String id : ids) {
            ObservationRow row = onlyObservation(merger.merge(List.of(), List.of(update(id, "10:00:02").build())));
            assertThat(row.metadata()).hasSize(8).allSatisfy((key, value) -> assertThat(value).isEqualTo("199"));
        }
    }

    private static TraceRow onlyTrace(EventBatch batch) {
        assertThat(batch.traces()).hasSize(1);
        return batch.traces().getFirst();
    }

    private static ObservationRow onlyObservation(EventBatch batch) {
        assertThat(batch.observations()).hasSize(1);
        return batch.observations().getFirst();
    }

    private static ObservationRow byId(EventBatch batch, String id) {
        return batch.observations().stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }

    /** Pricing stand-in: records a model id the way real pricing would. */
    private static final class TestingPricing {
        static ObservationRow withModelId(ObservationRow versioned, String modelId) {
            return new ObservationRow(versioned.projectId(), versioned.traceId(), versioned.id(), versioned.type(),
                    versioned.parentObservationId(), versioned.name(), versioned.environment(), versioned.startTime(),
                    versioned.endTime(), versioned.completionStartTime(), versioned.level(), versioned.statusMessage(),
                    versioned.version(), versioned.input(), versioned.output(), versioned.metadata(),
                    versioned.providedModelName(), modelId, versioned.modelParameters(),
                    versioned.providedUsageDetails(), versioned.usageDetails(), versioned.providedCostDetails(),
                    versioned.costDetails(), versioned.totalCost(), versioned.promptId(), versioned.promptName(),
                    versioned.promptVersion(), versioned.resourceAttributes(), versioned.scopeName(),
                    versioned.eventVersion(), versioned.deleted());
        }
    }
}
