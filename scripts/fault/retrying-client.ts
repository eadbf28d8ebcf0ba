import { signatureHeader } from '../../api/payments/webhook-signature';
import { sleep } from './product-processes';

/** What the harness saw on the wire, as a payment system's own monitoring would count it. */
export interface WireFigures {
  requests: number;
  /** Answers a caller retries: 503 and 429 (the contract), connection failures (a process being restarted). */
  retried503: number;
  retried429: number;
  networkErrors: number;
  /** 5xx other than 503: the contract allows none. */
  other5xx: { method: string; path: string; status: number; body: string }[];
}

export interface Answer {
  status: number;
  body: unknown;
}

export function newWireFigures(): WireFigures {
  return { requests: 0, retried503: 0, retried429: 0, networkErrors: 0, other5xx: [] };
}

/**
 * Calls the API as a real payment system or back office would: every transient answer (503, 429, a refused or cut
 * connection, a 5xx) is retried after a pause until `deadline`; any other answer is final. Given several replicas, it
 * takes them in turn, and a retry goes to the next one, as a client behind a load balancer sees it.
 */
export class RetryingClient {
  private readonly signedAt = new Map<string, number>();
  private readonly baseUrls: string[];
  private turn = 0;

  constructor(
    baseUrl: string | string[],
    private readonly figures: WireFigures,
    private readonly deadline: () => number,
  ) {
    this.baseUrls = Array.isArray(baseUrl) ? baseUrl : [baseUrl];
    if (this.baseUrls.length === 0) throw new Error('RetryingClient needs at least one base URL');
  }

  /** A JSON call with an API key. */
  send(method: string, path: string, key: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return this.retry(
      method,
      path,
      () => ({
        authorization: `Bearer ${key}`,
        ...(payload ? { 'content-type': 'application/json' } : {}),
      }),
      payload,
    );
  }

  /**
   * A signed settlement webhook; each delivery is signed afresh, in a later second than the last one of the same body,
   * since the API refuses a signature it has seen (replay protection).
   */
  sendWebhook(secret: string, event: Record<string, unknown>): Promise<Answer> {
    const raw = JSON.stringify(event);
    return this.retry(
      'POST',
      '/v1/webhooks/payments',
      async () => {
        let t = Math.floor(Date.now() / 1000);
        if (t <= (this.signedAt.get(raw) ?? 0)) {
          await sleep(1_050 - (Date.now() % 1000));
          t = Math.floor(Date.now() / 1000);
        }
        this.signedAt.set(raw, t);
        return { 'content-type': 'application/json', 'relance-signature': signatureHeader(secret, t, raw) };
      },
      raw,
    );
  }

  private async retry(
    method: string,
    path: string,
    headers: () => Record<string, string> | Promise<Record<string, string>>,
    body: string | undefined,
  ): Promise<Answer> {
    let replica = this.turn++;
    for (let attempt = 1; ; attempt++) {
      let pause = Math.min(500 * attempt, 3_000);
      const baseUrl = this.baseUrls[replica++ % this.baseUrls.length]!;
      try {
        this.figures.requests += 1;
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: await headers(),
          body,
          signal: AbortSignal.timeout(45_000),
        });
        const text = await response.text();
        const parsed = parseJson(text);
        if (response.status < 500 && response.status !== 429) return { status: response.status, body: parsed };
        if (response.status === 503) this.figures.retried503 += 1;
        else if (response.status === 429) this.figures.retried429 += 1;
        else this.figures.other5xx.push({ method, path, status: response.status, body: text.slice(0, 300) });
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) pause = Math.min(retryAfter * 1000, 5_000);
      } catch {
        this.figures.networkErrors += 1;
      }
      if (Date.now() + pause > this.deadline()) {
        throw new Error(`${method} ${path}: no definite answer before the run's deadline (${attempt} attempts)`);
      }
      await sleep(pause);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
