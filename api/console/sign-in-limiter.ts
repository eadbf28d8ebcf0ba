/**
 * Failed sign-ins per address: after `limit` failures within `windowMs`, the address waits for the window to end
 * before any key is checked again — guessing keys through the console costs what it costs through the API. Kept in
 * this process (each replica counts its own), bounded in memory.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 10 * 60_000,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Seconds the address must wait before trying again, or 0 when it may try now. */
  retryAfter(address: string, now: number): number {
    const entry = this.failures.get(address);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  fail(address: string, now: number): void {
    const entry = this.failures.get(address);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    if (this.failures.size >= this.maxAddresses) {
      for (const [key, value] of this.failures) if (value.resetAt <= now) this.failures.delete(key);
      if (this.failures.size >= this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
    }
    this.failures.set(address, { count: 1, resetAt: now + this.windowMs });
  }
}
