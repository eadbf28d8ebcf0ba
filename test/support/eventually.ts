/**
 * Polls until the predicate holds or the timeout passes, then fails with what was last seen. A probe that throws (a
 * query a loaded server could not answer this time) counts as "not yet"; its error is rethrown at the deadline.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let seen: { value: T } | { error: unknown };
    try {
      seen = { value: await probe() };
    } catch (error) {
      seen = { error };
    }
    if ('value' in seen && accept(seen.value)) return seen.value;
    if (Date.now() > deadline) {
      if ('error' in seen) throw seen.error;
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(seen.value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
