"""An OTLP exporter wrapper the e2e client scripts share: it records failed exports so a
script can exit non-zero when any span was refused."""

from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult


class RecordingExporter(SpanExporter):
    """Passes spans to the real exporter and remembers whether every export succeeded."""

    def __init__(self, delegate):
        self.delegate = delegate
        self.failures = 0

    def export(self, spans):
        result = self.delegate.export(spans)
        if result != SpanExportResult.SUCCESS:
            self.failures += 1
        return result

    def shutdown(self):
        self.delegate.shutdown()

    def force_flush(self, timeout_millis=30000):
        return self.delegate.force_flush(timeout_millis)
