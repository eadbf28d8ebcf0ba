import type { Registry } from 'prom-client';
import { fetchSdkMetrics } from './sdk-metrics';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsSources {
  /** Registries whose metric names do not overlap: the process's product metrics, the app's database gauges. */
  registries: Registry[];
  /** Where the Temporal SDK's Prometheus exporter listens in this process (`127.0.0.1:<port>`), if it does. */
  sdkMetricsAddress?: string;
}

/** One Prometheus text document: the product's metrics, then the SDK's own (`temporal_…`). */
export async function renderMetrics(sources: MetricsSources): Promise<string> {
  const parts = await Promise.all([
    ...sources.registries.map((registry) => registry.metrics()),
    sources.sdkMetricsAddress ? fetchSdkMetrics(sources.sdkMetricsAddress) : Promise.resolve(''),
  ]);
  return parts
    .filter(Boolean)
    .map((part) => (part.endsWith('\n') ? part : `${part}\n`))
    .join('');
}
