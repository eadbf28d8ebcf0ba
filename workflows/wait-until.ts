import { condition } from '@temporalio/workflow';

/** Timers longer than this are split: durations past 2^31 ms overflow some timer implementations. */
const MAX_TIMER_MS = 20 * 86_400_000;

/**
 * Waits until `deadline` (epoch ms, workflow time) or until `wake` holds, whichever comes first; answers true when
 * woken. Long waits are chained timers of at most twenty days.
 */
export async function waitUntil(deadline: number, wake: () => boolean, summary: string): Promise<boolean> {
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return wake();
    if (await condition(wake, Math.min(remaining, MAX_TIMER_MS), { summary })) return true;
  }
}
