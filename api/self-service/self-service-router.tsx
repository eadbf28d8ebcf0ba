import express, { NextFunction, Request, Response, Router } from 'express';
import type { RelanceConfig, SelfServiceConfig } from '../../config/load-config';
import type { Database } from '../../db/database';
import { findDocument, ORIGINAL_INVOICE_KIND } from '../../db/documents';
import { findInvoice } from '../../db/invoices';
import { Logger, RETRY_AFTER_SECONDS, toHttpError } from '../http/error-handler';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { isJsonRequest, LINK_NOT_FOUND, parseAnswerJson, sendProblem } from './answer-json';
import { createAnswerSubmission, SubmittedAnswer } from './answer-submission';
import { parseAnswerForm, tokenHash } from './debtor-answer-form';
import { grantOfToken, LinkAccess, loadLinkAccess } from './link-access';
import { createMessagePages } from './message-pages';
import { renderHtml } from './page-document';
import { AnswerOutcome, buildPageModel } from './page-model';
import { SELF_SERVICE_CSS } from './self-service-css';
import { SelfServicePage } from './self-service-page';
import { PageLanguage, pageLanguage } from './self-service-text';
import { createViewLimiter } from './view-limiter';

export interface SelfServiceDeps {
  db: Database;
  temporal: TemporalGateway;
  selfService: SelfServiceConfig;
  now: () => Date;
  logger: Logger;
  /** Who the creditor is and how to pay it, as e-mails show it; without it the page names no contact. */
  creditor?: Pick<RelanceConfig['creditor'], 'name' | 'contact' | 'paymentInstructions'>;
  /** Answers (submitted forms) one link may give per hour; 10 unless told. */
  answersPerHour?: number;
  /** Views of one link per minute in this process; 120 unless told. */
  viewsPerMinute?: number;
}

/** Every response of the page: nothing but our own stylesheet, forms posted to ourselves, never framed or indexed. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";
/** A form (or a JSON answer) is a few short fields: anything bigger is not ours. */
const BODY_LIMIT = '16kb';
/** The documents a link may fetch: the invoice's original and the statements its reminders carried. */
const DOCUMENT_KINDS = new Set([ORIGINAL_INVOICE_KIND, 'statement']);
/** Form fields that only a page of ours sets: a fault there is "reload the page", not a field to correct. */
const HIDDEN_FIELDS = new Set(['nonce', 'answer', 'lang']);

/**
 * The debtor's page, `PUBLIC_URL/s/<token>`: no login, the signed token is the customer's scope. `GET /s/<token>` lists
 * the open invoices with their PDFs and how to pay, `POST /s/<token>/answers` takes one of the four answers and tells
 * each invoice's workflow (`debtorAnswer`), `GET /s/<token>/documents/<id>` serves an invoice's PDF. A forged, tampered
 * or expired link, or one whose customer has no invoice, gets the same 404 page. The answers also take
 * `application/json` with the contract's names (a debtor's accounts-payable tool): those are answered in JSON, refusals
 * as problem+json — one 404 body for every refused link.
 */
export function createSelfServiceRouter(deps: SelfServiceDeps): Router {
  const router = Router();
  const views = createViewLimiter({ max: deps.viewsPerMinute ?? 120, windowMs: 60_000 });
  const submitAnswer = createAnswerSubmission({ ...deps, answersPerHour: deps.answersPerHour ?? 10 });
  // Links and forms are built on PUBLIC_URL's own path, so the page works behind a proxy that serves it under one.
  const root = `${new URL(deps.selfService.publicUrl).pathname.replace(/\/+$/, '')}/s`;
  const stylesheet = `${root}/assets/self-service.css`;
  const pages = createMessagePages({ stylesheet, creditor: deps.creditor });

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  });

  router.get('/assets/self-service.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(SELF_SERVICE_CSS);
  });

  /** A refused link or too many requests: the page's HTML, or problem+json to a JSON answer. */
  const refusals = (req: Request) =>
    isJsonAnswer(req)
      ? {
          notFound: (res: Response) => void res.status(404).type('application/problem+json').json(LINK_NOT_FOUND),
          tooMany: (res: Response, wait: number) => {
            res.setHeader('Retry-After', String(wait));
            sendProblem(res, 429, 'Too many requests', `too many requests for this link; retry in ${wait} seconds`);
          },
        }
      : pages;

  /** The link's access, or undefined once its refusal (the 404 page, or 429) has been answered. */
  async function open(req: Request, res: Response): Promise<LinkAccess | undefined> {
    const refuse = refusals(req);
    const token = String(req.params.token ?? '');
    const grant = await grantOfToken(deps.db, token, deps.selfService.secrets, deps.now());
    if (!grant) return void refuse.notFound(res);
    const hash = tokenHash(token);
    const wait = views.take(hash, deps.now());
    if (wait !== undefined) return void refuse.tooMany(res, wait);
    const access = await loadLinkAccess(deps.db, { token, hash, customerId: grant.customerId });
    if (!access) refuse.notFound(res);
    return access;
  }

  async function sendPage(res: Response, access: LinkAccess, lang: PageLanguage, outcome?: AnswerOutcome) {
    const model = await buildPageModel({
      db: deps.db,
      access,
      lang,
      pagePath: `${root}/${encodeURIComponent(access.token)}`,
      stylesheet,
      creditor: deps.creditor,
      now: deps.now(),
      outcome,
    });
    res.type('html').send(renderHtml(<SelfServicePage {...model} />));
  }

  router.get('/:token', async (req, res) => {
    const access = await open(req, res);
    if (access) await sendPage(res, access, pageLanguage(req.query.lang, access.customer.locale));
  });

  // A reload of the page an answer returned: back to the page itself.
  router.get('/:token/answers', (req, res) => {
    res.redirect(303, `${root}/${encodeURIComponent(String(req.params.token))}`);
  });

  router.get('/:token/documents/:documentId', async (req, res) => {
    const access = await open(req, res);
    if (!access) return;
    const document = await findDocument(deps.db, String(req.params.documentId).slice(0, 300));
    const invoice = document && DOCUMENT_KINDS.has(document.kind) && (await findInvoice(deps.db, document.invoiceId));
    if (!document || !invoice || invoice.customerId !== access.customerId) return pages.notFound(res);
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${document.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    );
    res.type(document.contentType).send(document.content);
  });

  router.post(
    '/:token/answers',
    async (req, res, next) => {
      // The link is checked before a byte of the body is read.
      const access = await open(req, res);
      if (!access) return;
      res.locals.access = access;
      next();
    },
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 20 }),
    express.json({ limit: BODY_LIMIT, strict: true, type: isJsonRequest }),
    async (req, res) => {
      const access = res.locals.access as LinkAccess;
      if (isJsonAnswer(req)) return answerJson(req, res, access);
      const parsed = parseAnswerForm(req.body);
      const lang = pageLanguage(parsed.ok ? parsed.form.lang : parsed.values.lang, access.customer.locale);
      if (!parsed.ok) {
        const fields = parsed.answer ? parsed.fields.map((f) => (HIDDEN_FIELDS.has(f) ? 'form' : f)) : ['form'];
        const refused = [...new Set(fields)].map((field) => ({ field, invoices: [] }));
        const outcome = { answer: parsed.answer ?? 'promise_to_pay', done: [], refused, values: parsed.values };
        return sendPage(res.status(422), access, lang, outcome);
      }
      const { status, outcome, retryAfter } = await submitAnswer(access, parsed.form);
      if (status === 429) return pages.tooMany(res, retryAfter ?? 3_600);
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      await sendPage(res.status(status), access, lang, outcome);
    },
  );

  /**
   * A program's answer (`application/json`, the contract's names): answered in JSON, the stage of each invoice that
   * took it, or a problem naming each field at fault as the parser or the workflow named it.
   */
  async function answerJson(req: Request, res: Response, access: LinkAccess): Promise<void> {
    const parsed = parseAnswerJson(req.body);
    if (!parsed.ok) return refuseJson(res, { status: 422, issues: parsed.issues, taken: [] });
    const submitted = await submitAnswer(access, parsed.form, parsed.invoiceField);
    const { status, taken } = submitted;
    if (status === 200) return void res.json({ answer: parsed.form.answer, invoices: taken });
    if (status === 429) {
      const wait = submitted.retryAfter ?? 3_600;
      return refusals(req).tooMany(res, wait);
    }
    refuseJson(res, submitted);
  }

  function refuseJson(
    res: Response,
    refused: Pick<SubmittedAnswer, 'status' | 'issues' | 'taken' | 'retryAfter' | 'fault'>,
  ) {
    const invoices = refused.taken;
    if (refused.status === 503) {
      res.setHeader('Retry-After', String(refused.retryAfter ?? RETRY_AFTER_SECONDS));
      const detail = 'an invoice could not be reached; the same request again is safe, and counts once';
      return sendProblem(res, 503, 'Service unavailable', detail, { invoices });
    }
    if (refused.fault) {
      return sendProblem(res, 500, 'Internal error', 'something went wrong; it has been logged', { invoices });
    }
    const detail = refused.issues.map((issue) => issue.message).join('; ');
    sendProblem(res, 422, 'Unprocessable request', detail, { errors: refused.issues, invoices });
  }

  router.use((_req, res) => pages.notFound(res));

  // The page's errors as pages (problem+json to a JSON answer): a body too large or unreadable, an outage, a fault of
  // ours (logged, never shown).
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toHttpError(error);
    if (!known) deps.logger.error(`${req.method} ${req.baseUrl} failed`, error);
    if (isJsonAnswer(req)) return problemOf(res, known);
    const status = known?.status ?? 500;
    if (status === 413) return pages.failure(res, 413, 'tooLarge');
    if (status < 500) return pages.notFound(res, status === 404 ? 404 : 400);
    if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    pages.failure(res, status, 'unavailable');
  });

  return router;
}

/** A program's answer: posted as JSON (a page's GET is a page whatever its headers say). */
const isJsonAnswer = (req: Request) => req.method === 'POST' && isJsonRequest(req);

/** An error as a JSON answer gets it: the API's problem+json, with no internal message. */
function problemOf(res: Response, known: ReturnType<typeof toHttpError>): void {
  if (!known) return sendProblem(res, 500, 'Internal error', 'something went wrong; it has been logged');
  if (known.status === 404) return void res.status(404).type('application/problem+json').json(LINK_NOT_FOUND);
  if (known.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  sendProblem(res, known.status, known.title, known.message, known.extra);
}
