package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.resource;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.ingest.ObservationPatch;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resource's and a scope's attributes are sent once and stored with every span: bounded, and
 * one shared map rather than a copy per span, so a small request cannot expand into gigabytes.
 */
class TestSharedAttributes {
    @Test
    void aResourceKeepsItsFirst128AttributesSaysHowManyItDroppedAndItsSpansShareThem() {
        List<KeyValue> attributes = new ArrayList<>();
        attributes.add(attr("service.name", "flood"));
        for (int i = 0; i < 1_000; i++) {
            attributes.add(attr("r" + i, "x"));
        }
        List<Span.Builder> spans = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            spans.add(span("%016x".formatted(i + 1), null, "s" + i));
        }

        OtelMapping mapping = mapper().map(PROJECT,
                request(resource(attributes.toArray(KeyValue[]::new)), "scope", "1", spans.toArray(Span.Builder[]::new)));

        ObservationPatch first = mapping.observations().getFirst();
        assertThat(first.resourceAttributes()).hasSize(SharedAttributes.MAX_ATTRIBUTES + 1)
                .containsEntry("service.name", "flood").containsEntry("r126", "x").doesNotContainKey("r127")
                .containsEntry(SharedAttributes.DROPPED_KEY,
                        "873 of 1001 resource attributes not kept: a resource keeps at most 128 attributes and about 16384 characters");
        assertThat(mapping.observations()).hasSize(50)
                .allSatisfy(observation -> assertThat(observation.resourceAttributes()).isSameAs(first.resourceAttributes()));
    }

    @Test
    void aResourceKeepsAbout16KCharactersOfAttributes() {
        OtelMapping mapping = mapper().map(PROJECT, request(resource(
                attr("service.name", "big"), attr("huge", "y".repeat(20_000)), attr("after", "kept")), "scope", "1",
                span(ROOT_SPAN_ID, null, "root")));

        assertThat(mapping.observations().getFirst().resourceAttributes())
                .containsEntry("service.name", "big").containsEntry("after", "kept").doesNotContainKey("huge")
                .containsEntry(SharedAttributes.DROPPED_KEY,
                        "1 of 3 resource attributes not kept: a resource keeps at most 128 attributes and about 16384 characters");
    }

    @Test
    void aScopesAttributesAreCutToAbout16KCharactersWithAMarker() {
        var scope = InstrumentationScope.newBuilder().setName("scope").addAttributes(attr("note", "z".repeat(100_000))).build();

        OtelMapping mapping = mapper().map(PROJECT, request(resource(attr("service.name", "s")), scope, span(ROOT_SPAN_ID, null, "root")));

        String json = mapping.observations().getFirst().metadata().get("otel.scope.attributes");
        assertThat(json).startsWith("{\"note\":\"zzz").endsWith("…[cut by Glasshouse: 100011 characters; scope attributes keep at most 16384]");
        assertThat(json.length()).isLessThan(SharedAttributes.MAX_CHARACTERS + 100);
    }

    @Test
    void anOrdinaryResourceAndScopeAreKeptWhole() {
        var scope = InstrumentationScope.newBuilder().setName("scope").addAttributes(attr("team", "search")).build();

        OtelMapping mapping = mapper().map(PROJECT, request(
                resource(attr("service.name", "chat"), attr("service.version", "1.2"), attr("langfuse.trace.metadata.tier", "gold")),
                scope, span(ROOT_SPAN_ID, null, "root")));

        ObservationPatch observation = mapping.observations().getFirst();
        assertThat(observation.resourceAttributes()).containsOnlyKeys("service.name", "service.version", "langfuse.trace.metadata.tier");
        assertThat(observation.metadata()).containsEntry("otel.scope.attributes", "{\"team\":\"search\"}");
        assertThat(mapping.traces().getFirst().metadata()).containsEntry("tier", "gold");
    }
}
