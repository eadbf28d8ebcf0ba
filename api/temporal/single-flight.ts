/**
 * Requests that would send the same message to the same workflow at the same moment share one call: twenty identical
 * closes of a legal file become one update, and the workflow is not queued nineteen refusals to answer one by one.
 * Only identical work is shared (the key names everything that shapes the result); the entry is dropped when the call
 * settles, so a later retry sends afresh.
 */
export class SingleFlight<T> {
  private readonly calls = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.calls.get(key);
    if (pending) return pending;
    const started = call().finally(() => this.calls.delete(key));
    this.calls.set(key, started);
    return started;
  }
}
