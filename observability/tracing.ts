import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** OpenTelemetry tracing of one process: spans go to an OTLP/HTTP collector in batches. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends the spans still buffered, then stops: called once the process's work is done. */
  shutdown(): Promise<void>;
}

/**
 * Tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (`http://collector:4318`; spans go to `<endpoint>/v1/traces`),
 * nothing otherwise: no provider, no interceptor, no cost. `OTEL_SERVICE_NAME` overrides the process's name, and the
 * exporter reads the other standard variables (`OTEL_EXPORTER_OTLP_HEADERS`, timeouts) itself.
 */
export function createTracing(env: Record<string, string | undefined>, serviceName: string): Tracing | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return undefined;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || serviceName });
  const exporter = new OTLPTraceExporter({
    url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || `${endpoint.replace(/\/+$/, '')}/v1/traces`,
  });
  const spanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
      // The provider was registered as the process's global one: released, so that nothing traces into a closed one.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
