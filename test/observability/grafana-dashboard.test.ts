import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createRelanceMetrics, METRIC_NAMES } from '../../observability/metrics';

/**
 * The Temporal SDK 1.24 metrics the dashboard may query, as its Prometheus exporter names them (no `_total` suffix,
 * latencies in milliseconds): read off a worker's and the API's `GET /metrics`. The failure counters appear with the
 * first failure.
 */
const SDK_METRICS = new Set([
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_execution_failed',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
  'temporal_activity_execution_failed',
  'temporal_sticky_cache_size',
  'temporal_worker_task_slots_used',
  'temporal_worker_task_slots_available',
  'temporal_request',
  'temporal_request_latency',
  'temporal_request_failure',
]);

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}

const file = path.join(__dirname, '..', '..', 'docs', 'grafana', 'relance-dashboard.json');
const dashboard = JSON.parse(readFileSync(file, 'utf8')) as {
  templating: { list: Array<{ name: string; type: string; query: string }> };
  panels: Panel[];
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

/** What the product's registry defines, histograms with their `_bucket`, `_count` and `_sum` series. */
async function definedNames(): Promise<Set<string>> {
  const registry = new Registry();
  createRelanceMetrics(registry);
  collectDefaultMetrics({ register: registry });
  const names = (await registry.getMetricsAsJSON()).flatMap((m) =>
    String(m.type) === 'histogram' ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name],
  );
  return new Set([...names, METRIC_NAMES.invoices]);
}

describe('the Grafana dashboard (docs/grafana/relance-dashboard.json)', () => {
  it('asks for its Prometheus data source and uses it in every panel and query', () => {
    expect(dashboard.templating.list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
      ]),
    );
    for (const panel of panels) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({ panel: panel.title, uid: '${datasource}' });
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}');
    }
  });

  it('has the panels the operations team looks for', () => {
    const titles = panels.map((p) => p.title.toLowerCase());
    for (const words of [
      'invoices by stage',
      'steps run',
      'steps failed',
      'mails sent, failed, re-sent',
      'mail-queue lag',
      'http p95',
      '5xx',
      'schedule-to-start',
      'failures',
      'sticky cache',
    ]) {
      expect(titles.filter((title) => title.includes(words))).not.toEqual([]);
    }
  });

  it('queries only metrics the code defines or the Temporal SDK exports', async () => {
    const defined = await definedNames();
    const unknown = queries.flatMap(({ panel, expr }) =>
      [...expr.matchAll(/\b((?:relance|temporal|process|nodejs)_[a-z0-9_]+)\b/g)]
        .map((match) => match[1]!)
        .filter((name) => {
          if (name.startsWith('temporal_')) return !SDK_METRICS.has(name.replace(/_(bucket|count|sum)$/, ''));
          return !defined.has(name);
        })
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    expect(queries.length).toBeGreaterThan(10);
  });

  it('names every product metric at least once', () => {
    const all = queries.map((q) => q.expr).join('\n');
    for (const name of Object.values(METRIC_NAMES))
      expect({ name, queried: all.includes(name) }).toEqual({ name, queried: true });
  });
});
