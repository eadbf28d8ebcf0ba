/**
 * Page views per link, counted in this process over a fixed window: a link shared or scraped cannot make the page
 * read the database without bound. Per process is enough here, as answers (what reaches a workflow) are limited in
 * PostgreSQL across replicas.
 */
export interface ViewLimiter {
  /** Counts one view of `key` at `now`: undefined when allowed, else the seconds until the window ends. */
  take(key: string, now: Date): number | undefined;
}

/** Windows kept at most; past this the ended ones are dropped, so a flood of distinct links cannot grow memory. */
const MAX_TRACKED = 10_000;

export function createViewLimiter(options: { max: number; windowMs: number }): ViewLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, now) {
      const at = now.getTime();
      let window = windows.get(key);
      if (!window || at - window.start >= options.windowMs) {
        if (windows.size >= MAX_TRACKED) {
          for (const [k, w] of windows) if (at - w.start >= options.windowMs) windows.delete(k);
          if (windows.size >= MAX_TRACKED) windows.clear();
        }
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= options.max) return undefined;
      return Math.max(1, Math.ceil((window.start + options.windowMs - at) / 1000));
    },
  };
}
