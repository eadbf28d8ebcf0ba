/** Retries a connection at start-up, so that a worker or API started before its servers waits for them instead of dying. */
export async function connectWithRetry<T>(
  what: string,
  connect: () => Promise<T>,
  options: { attempts?: number; delayMs?: number; log?: (line: string) => void } = {},
): Promise<T> {
  const attempts = options.attempts ?? 30;
  const log = options.log ?? ((line: string) => console.warn(line));
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      if (attempt >= attempts) throw error;
      log(`${what} not reachable yet (${(error as Error).message.split('\n')[0]}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.min((options.delayMs ?? 500) * attempt, 5_000)));
    }
  }
}
