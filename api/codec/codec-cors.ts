import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http/http-errors';

/** What the Temporal UI sends besides the body: its bearer (when told to pass one), the JSON type, the namespace. */
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';

/**
 * CORS for the Temporal UI, which calls the codec from its own origin with the person's cookie: only the origins of
 * `CODEC_CORS_ORIGINS` are answered, each by name (a wildcard cannot carry credentials), and a request a browser sent
 * from any other origin is refused before it is authenticated — the session cookie is SameSite, but another port of
 * the same host is the same site.
 */
export function codecCors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined || isSameOrigin(req, origin)) {
      if (req.method === 'OPTIONS') return void res.status(204).end();
      return next();
    }
    if (!allowed.has(origin)) {
      return next(new HttpError(403, 'Forbidden', `the origin ${origin} is not one of CODEC_CORS_ORIGINS`));
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      return void res.status(204).end();
    }
    next();
  };
}

function isSameOrigin(req: Request, origin: string): boolean {
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}
