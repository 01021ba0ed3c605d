"""OpenTelemetry tracing, an optional extra (``pip install graph-gateway[otel]``).

One server span per HTTP request and one client span per upstream call,
whose ``traceparent`` goes to the upstream. Nothing hooks into field
resolution: a span per field would cost more than the calls it explains.
This module imports OpenTelemetry only when tracing is built, so the
gateway runs without the extra installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.operations import OperationLabels, ran

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


class TracingUnavailable(RuntimeError):
    """Tracing is enabled but the ``otel`` extra is not installed."""


class Tracing:
    """Spans from ``provider``; is the upstreams' ``CallTracer`` and wraps the app."""

    def __init__(self, provider: TracerProvider) -> None:
        from opentelemetry import trace
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        self._trace = trace
        self.tracer = provider.get_tracer("gateway")
        self.propagator = TraceContextTextMapPropagator()
        self.labels = OperationLabels()

    def span(
        self, upstream: str, endpoint: str, method: str
    ) -> AbstractContextManager[dict[str, str]]:
        """A client span around one upstream call; yields the headers that carry it."""
        return self._client_span(upstream, endpoint, method)

    @contextmanager
    def _client_span(self, upstream: str, endpoint: str, method: str) -> Iterator[dict[str, str]]:
        kind = self._trace.SpanKind.CLIENT
        attributes = {"upstream": upstream, "upstream.endpoint": endpoint, "http.method": method}
        with self.tracer.start_as_current_span(
            f"{upstream} {endpoint}", kind=kind, attributes=attributes
        ):
            carrier: dict[str, str] = {}
            self.propagator.inject(carrier)
            yield carrier


class ServerSpans:
    """A server span per HTTP request, continuing the caller's trace if it sent one."""

    def __init__(self, app: ASGIApp, tracing: Tracing) -> None:
        self.app = app
        self.tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracing = self.tracing
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        parent = tracing.propagator.extract(headers)
        with tracing.tracer.start_as_current_span(
            f"{scope['method']} {scope['path']}",
            context=parent,
            kind=tracing._trace.SpanKind.SERVER,
            attributes={"http.method": scope["method"], "http.route": scope["path"]},
        ) as span:

            async def note_status(message: Message) -> None:
                if message["type"] == "http.response.start":
                    span.set_attribute("http.status_code", message["status"])
                await send(message)

            try:
                await self.app(scope, receive, note_status)
            finally:
                operations = ran(scope)
                if operations:
                    names = [tracing.labels.name(name) for name, _ in operations]
                    span.set_attribute("graphql.operation.name", names)
                    span.update_name(f"GraphQL {', '.join(names)}")


def build_provider(service_name: str, exporter: str) -> Any:
    """A provider exporting with ``exporter`` (otlp or console); raise if the extra is absent."""
    try:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
    except ImportError as error:
        raise TracingUnavailable(
            "tracing.enabled is true but OpenTelemetry is not installed: "
            "pip install 'graph-gateway[otel]'"
        ) from error
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    else:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError as error:
            raise TracingUnavailable(
                "tracing.exporter otlp needs opentelemetry-exporter-otlp-proto-http installed; "
                "or set tracing.exporter to console"
            ) from error
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider
