import { dirname, join } from 'node:path';
import express, { Router } from 'express';
import type { KeyRing } from '../http/key-ring';
import type { Database } from '../../db/database';
import type { Logger } from '../http/error-handler';
import { consoleLocale, LOCALE_COOKIE } from './console-locale';
import {
  clearedSessionCookie,
  closeSession,
  loadSession,
  openSession,
  readCookie,
  requireCsrf,
  sameOrigin,
  SESSION_COOKIE,
  sessionCookie,
} from './console-session';
import { renderPage } from './layout';
import { SignInPage } from './pages/sign-in-page';
import { SignInLimiter } from './sign-in-limiter';
import { clientAddress } from '../http/rate-limit';
import { consolePages } from './pages';

export interface ConsoleDeps {
  db: Database;
  keys: KeyRing;
  now: () => Date;
  logger: Logger;
}

/** Scripts, styles and images from this process only; forms post back here; no frame may hold a page. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Third-party assets the pages use, served from node_modules: the console runs where no CDN is reachable. */
const VENDOR_ASSETS: Record<string, string> = {
  'pico.min.css': require.resolve('@picocss/pico/css/pico.min.css'),
  'chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

/**
 * The operations console under `/app`: pages rendered on the server from the `/v1` API, on behalf of a person signed in
 * with an API key (the key opens a session; the browser holds only an HttpOnly, SameSite=Strict cookie). Every form
 * carries a CSRF token. Works without JavaScript; the aging chart is the one script.
 */
export function createConsoleRouter(deps: ConsoleDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    // Browsers send `Origin: null` on a form posted from a no-referrer page; the CSRF check needs the real origin.
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  for (const [name, file] of Object.entries(VENDOR_ASSETS)) {
    router.get(`/assets/${name}`, (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(file);
    });
  }
  router.use('/assets', express.static(join(__dirname, 'assets'), { maxAge: '1h', fallthrough: false }));
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

  router.get('/lang', (req, res) => {
    const to = req.query.to === 'en' ? 'en' : 'fr';
    res.setHeader('Set-Cookie', `${LOCALE_COOKIE}=${to}; Path=/app; SameSite=Lax; Max-Age=31536000`);
    res.redirect(303, safeReturn(req.query.back));
  });

  router.get('/sign-in', (req, res) => {
    renderPage(
      res,
      <SignInPage ctx={{ locale: consoleLocale(req), path: req.originalUrl }} next={safeReturn(req.query.next)} />,
    );
  });

  const limiter = new SignInLimiter();
  router.post('/sign-in', form, async (req, res, next) => {
    try {
      const ctx = { locale: consoleLocale(req), path: '/app/sign-in' };
      const body = req.body as Record<string, unknown>;
      const back = safeReturn(body.next);
      // The client, as the API's limits count it: behind a proxy, not the proxy everyone comes through.
      const address = clientAddress(req);
      const wait = limiter.retryAfter(address, deps.now().getTime());
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        renderPage(res, <SignInPage ctx={ctx} next={back} refused />, 429);
        return;
      }
      const key =
        typeof body.key === 'string' && sameOrigin(req) ? await deps.keys.authenticate(body.key.trim()) : undefined;
      if (!key) {
        limiter.fail(address, deps.now().getTime());
        renderPage(res, <SignInPage ctx={ctx} next={back} refused />, 401);
        return;
      }
      const session = await openSession(deps.db, key, deps.now());
      res.setHeader('Set-Cookie', sessionCookie(req, session.token, session.maxAgeMs));
      deps.logger.info(JSON.stringify({ event: 'console_sign_in', name: key.name, role: key.role, keyId: key.keyId }));
      res.redirect(303, back);
    } catch (error) {
      next(error);
    }
  });

  router.use(loadSession(deps.db, deps.keys, deps.now));
  router.use(form);
  router.post(/.*/, requireCsrf);

  router.post('/sign-out', async (req, res, next) => {
    try {
      const token = readCookie(req, SESSION_COOKIE);
      if (token) await closeSession(deps.db, token);
      res.setHeader('Set-Cookie', clearedSessionCookie());
      res.redirect(303, '/app/sign-in');
    } catch (error) {
      next(error);
    }
  });

  router.get('/', (req, res) => {
    res.redirect(303, req.console?.role === 'ops' ? '/app/tasks' : '/app/invoices');
  });
  router.use(consolePages(deps));
  return router;
}

/** Only a path inside the console: a sign-in link can never send someone elsewhere. */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/app(\/[^/\\]|$|\?)/.test(value) && !/\p{Cc}/u.test(value) ? value : '/app';
}
