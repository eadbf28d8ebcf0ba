export interface RetryOptions {
  /** Tries before giving up; `Infinity` waits as long as it takes. */
  attempts?: number;
  delayMs?: number;
  /** Errors worth another try (the server is not there yet); any other is thrown at once. Default: every error. */
  retryable?: (error: unknown) => boolean;
  /** Stops waiting when the process is told to stop: the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** Retries a connection at start-up, so that a worker or API started before its servers waits for them instead of dying. */
export async function connectWithRetry<T>(
  what: string,
  connect: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 30;
  const log = options.log ?? ((line: string) => console.warn(line));
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await connect();
    } catch (error) {
      options.signal?.throwIfAborted();
      if (attempt >= attempts || !(options.retryable?.(error) ?? true)) throw error;
      log(`${what} not reachable yet (${(error as Error).message.split('\n')[0]}); retrying`);
      await sleep(Math.min((options.delayMs ?? 500) * attempt, 5_000), options.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
