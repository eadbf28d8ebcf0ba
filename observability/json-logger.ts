import type { LogEntry } from '@temporalio/worker';

/**
 * The Temporal SDK's log entries as one JSON line each on stderr, for a log pipeline to index: the workflow's and the
 * activity's loggers add `workflowId`, `runId`, `activityType`… to every entry, so a line is found by its invoice's
 * workflow id.
 */
export function jsonLogFunction(entry: LogEntry): void {
  const { level, timestampNanos, message, meta } = entry;
  const line = {
    time: new Date(Number(timestampNanos / 1_000_000n)).toISOString(),
    level,
    message,
    ...meta,
  };
  process.stderr.write(`${JSON.stringify(line, jsonSafe)}\n`);
}

/** Errors keep their name, message and stack; big integers become strings. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}
