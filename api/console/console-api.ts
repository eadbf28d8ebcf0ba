import type { Request } from 'express';
import type { FieldIssue } from '../http/http-errors';
import { CONSOLE_CALL_HEADER, CONSOLE_CALL_MARK } from '../http/rate-limit';

/** What the API answered: its status and JSON body; a problem (4xx/5xx) also as `problem`. */
export interface ApiAnswer<T> {
  status: number;
  ok: boolean;
  body: T;
  problem?: Problem;
}

export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
}

export interface ConsoleApi {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<ApiAnswer<T>>;
  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  delete<T>(path: string): Promise<ApiAnswer<T>>;
  /** The raw response, for documents streamed to the browser. */
  fetch(path: string): Promise<globalThis.Response>;
}

/**
 * The console is a client of the public API, on behalf of the signed-in person: every read and every action goes
 * through `/v1` with that person's session token, so the console shows exactly what the API allows, refuses and
 * validates — one set of rules, one audit trail. It calls the process it runs in, on the address the browser's request
 * arrived at, so it works the same behind any port, replica or test server.
 */
export function consoleApi(req: Request): ConsoleApi {
  const socket = req.socket;
  const address = socket.localAddress ?? '127.0.0.1';
  const host =
    address.includes(':') && !address.startsWith('::ffff:') ? `[${address}]` : address.replace(/^::ffff:/, '');
  const base = `http://${host}:${socket.localPort}/v1`;
  const token = req.console?.token ?? '';
  const send = (path: string, init: RequestInit = {}) => {
    // `encodeURIComponent` leaves `.` and `..` as they are and fetch resolves them: `/invoices/.` would read the list.
    if (/(^|\/)\.{1,2}(\/|\?|$)/.test(path.split('?')[0]!)) return Promise.resolve(notFound(path));
    return fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        // The browser's request was counted against its address; this call on its behalf is not counted again.
        [CONSOLE_CALL_HEADER]: CONSOLE_CALL_MARK,
        ...(init.headers ?? {}),
      },
    });
  };
  const answer = async <T>(response: globalThis.Response): Promise<ApiAnswer<T>> => {
    const text = await response.text();
    const body = (text ? JSON.parse(text) : null) as T;
    return response.ok
      ? { status: response.status, ok: true, body }
      : { status: response.status, ok: false, body, problem: body as unknown as Problem };
  };
  return {
    async get<T>(path: string, query: Record<string, string | number | undefined> = {}) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query))
        if (value !== undefined && value !== '') params.set(name, String(value));
      const search = params.size ? `?${params}` : '';
      return answer<T>(await send(`${path}${search}`));
    },
    async post<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
      return answer<T>(
        await send(path, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...headers },
        }),
      );
    },
    async delete<T>(path: string) {
      return answer<T>(await send(path, { method: 'DELETE' }));
    },
    fetch: (path: string) => send(path),
  };
}

/** The API's own answer for a path naming nothing. */
function notFound(path: string): globalThis.Response {
  const problem = { title: 'Not found', status: 404, detail: `${path} does not exist` };
  return new Response(JSON.stringify(problem), {
    status: 404,
    headers: { 'content-type': 'application/problem+json' },
  });
}
