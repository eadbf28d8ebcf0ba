import { Context } from '@temporalio/activity';

/** Often enough that a worker dying mid-step is noticed within the workflow's heartbeat timeout (20 s). */
const HEARTBEAT_EVERY_MS = 5_000;

type AnyActivity = (...args: never[]) => Promise<unknown>;

/**
 * Every activity heartbeats while it runs: when its worker dies (SIGKILL, a lost node), the server notices within the
 * heartbeat timeout and retries the step on another worker, instead of waiting for the whole start-to-close timeout.
 * Local activities are left alone: they live and die with the workflow task that runs them.
 */
export function withHeartbeats<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      const context = currentContext();
      if (!context || context.info.isLocal) return activity(...args);
      context.heartbeat();
      const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await activity(...args);
      } finally {
        clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}

/** The activity's context, or undefined when the function is called outside a worker (a unit test calling it). */
function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
