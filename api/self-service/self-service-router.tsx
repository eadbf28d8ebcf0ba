import { randomBytes } from 'node:crypto';
import express, { NextFunction, Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { RelanceConfig, SelfServiceConfig } from '../../config/load-config';
import type { Database } from '../../db/database';
import { findDocument, listDocuments, ORIGINAL_INVOICE_KIND } from '../../db/documents';
import { CustomerOpenInvoice, customerOpenInvoices } from '../../db/customers';
import { findInvoice, listCustomerInvoices } from '../../db/invoices';
import { recordSelfServiceAnswers, settleSelfServiceAnswer } from '../../db/self-service-answers';
import { formatMoney } from '../../domain/money';
import { paymentInstructionsIn } from '../../templates/payment-instructions';
import { verifySelfServiceToken } from '../../templates/self-service-link';
import { debtorAnswerUpdate, DEBTOR_ANSWERS, DebtorAnswerKind } from '../../workflows/messages';
import { Logger, RETRY_AFTER_SECONDS, toHttpError } from '../http/error-handler';
import { ValidationError } from '../http/http-errors';
import { CollectionEndedError } from '../temporal/temporal-errors';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import {
  ALL_INVOICES,
  AnswerForm,
  answerPayload,
  debtorAnswerId,
  parseAnswerForm,
  tokenHash,
} from './debtor-answer-form';
import { SELF_SERVICE_CSS } from './self-service-css';
import { AnswerOutcome, MessagePage, PageInvoice, renderHtml, SelfServicePage } from './self-service-page';
import { PAGE_TEXT, PageLanguage, pageLanguage } from './self-service-text';
import { createViewLimiter } from './view-limiter';

export interface SelfServiceDeps {
  db: Database;
  temporal: TemporalGateway;
  selfService: SelfServiceConfig;
  now: () => Date;
  logger: Logger;
  /** Who the creditor is and how to pay it, as e-mails show it; without it the page names no contact. */
  creditor?: Pick<RelanceConfig['creditor'], 'name' | 'contact' | 'paymentInstructions'>;
  /** Answers (submissions) one link may give per hour; 10 unless told. */
  answersPerHour?: number;
  /** Views of one link per minute in this process; 120 unless told. */
  viewsPerMinute?: number;
}

/** Every response of the page: nothing but our own stylesheet, forms posted to ourselves, never framed or indexed. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";
const HOUR_MS = 3_600_000;
/** A form is a few short fields: anything bigger is not ours. */
const BODY_LIMIT = '16kb';
const DOCUMENT_KINDS = new Set([ORIGINAL_INVOICE_KIND, 'statement']);

/** What a valid link opens: its customer's invoices. */
interface Access {
  token: string;
  hash: string;
  customerId: string;
  customer: { name: string; locale: string; timezone: string };
  invoices: CustomerOpenInvoice[];
}

/**
 * The debtor's page, `PUBLIC_URL/s/<token>`: no login, the signed token is the customer's scope. `GET /s/<token>` lists
 * the open invoices with their PDFs and how to pay, `POST /s/<token>/answers` takes one of the four answers and tells
 * each invoice's workflow (`debtorAnswer`), `GET /s/<token>/documents/<id>` serves an invoice's PDF. A forged, tampered
 * or expired link, or one whose customer has no invoice, gets the same 404 page.
 */
export function createSelfServiceRouter(deps: SelfServiceDeps): Router {
  const router = Router();
  const views = createViewLimiter({ max: deps.viewsPerMinute ?? 120, windowMs: 60_000 });
  const answersPerHour = deps.answersPerHour ?? 10;
  const root = `${new URL(deps.selfService.publicUrl).pathname.replace(/\/+$/, '')}/s`;
  const stylesheet = `${root}/assets/self-service.css`;
  const creditorName = deps.creditor?.name ?? '';

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

  /** The link's access, or undefined once the refusal (404, 429) has been answered. */
  async function open(req: Request, res: Response): Promise<Access | undefined> {
    const token = String(req.params.token ?? '');
    const grant = verifySelfServiceToken(token, deps.selfService.secrets, deps.now());
    if (!grant) return void notFound(res);
    const hash = tokenHash(token);
    const wait = views.take(hash, deps.now());
    if (wait !== undefined) return void tooMany(res, wait);
    const invoices = await customerOpenInvoices(deps.db, grant.customerId);
    const any = invoices[0] ?? (await listCustomerInvoices(deps.db, grant.customerId, 1))[0];
    if (!any) return void notFound(res);
    const snapshot = any.customer;
    const customer = {
      name: typeof snapshot.name === 'string' ? snapshot.name : '',
      locale: typeof snapshot.locale === 'string' ? snapshot.locale : 'en',
      timezone: typeof snapshot.timezone === 'string' ? snapshot.timezone : 'UTC',
    };
    return { token, hash, customerId: grant.customerId, customer, invoices };
  }

  router.get('/:token', async (req, res) => {
    const access = await open(req, res);
    if (!access) return;
    res.type('html').send(await page(access, pageLanguage(req.query.lang, access.customer.locale)));
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
    if (!document || !invoice || invoice.customerId !== access.customerId) return notFound(res);
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
    async (req, res) => {
      const access = res.locals.access as Access;
      const parsed = parseAnswerForm(req.body);
      const lang = pageLanguage(parsed.ok ? parsed.form.lang : parsed.values.lang, access.customer.locale);
      if (!parsed.ok) {
        const answer = parsed.answer ?? 'promise_to_pay';
        const fields = parsed.answer ? parsed.fields : ['form'];
        const refused = fields.map((field) => ({
          field: ['nonce', 'answer', 'lang'].includes(field) ? 'form' : field,
          invoices: [],
        }));
        const outcome: AnswerOutcome = { answer, done: [], refused: dedupe(refused), values: parsed.values };
        return void res
          .status(422)
          .type('html')
          .send(await page(access, lang, outcome));
      }
      const { status, outcome, retryAfter } = await answer(access, parsed.form);
      if (status === 429) return tooMany(res, retryAfter ?? 3600);
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      res
        .status(status)
        .type('html')
        .send(await page(access, lang, outcome));
    },
  );

  router.use((_req, res) => notFound(res));

  // The page's errors as pages: a body too large or unreadable, an outage, a fault of ours (logged, never shown).
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toHttpError(error);
    if (!known) deps.logger.error(`${req.method} ${req.baseUrl} failed`, error);
    const status = known?.status ?? 500;
    if (status === 413) return message(res, 413, 'tooLarge');
    if (status < 500) return notFound(res, status === 404 ? 404 : 400);
    if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    message(res, status, 'unavailable');
  });

  /** Tells each chosen invoice's workflow; what was taken and what was refused, in the page's terms. */
  async function answer(
    access: Access,
    form: AnswerForm,
  ): Promise<{ status: number; outcome: AnswerOutcome; retryAfter?: number }> {
    const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const outcome: AnswerOutcome = { answer: form.answer, done: [], refused: [], values };
    const chosen =
      form.invoice === ALL_INVOICES
        ? access.invoices
        : access.invoices.filter((invoice) => invoice.id === form.invoice);
    if (chosen.length === 0)
      return { status: 422, outcome: { ...outcome, refused: [{ field: 'invoice', invoices: [] }] } };

    const refuse = (field: string, invoiceId: string) => {
      const same = outcome.refused.find((r) => r.field === field);
      if (same) same.invoices.push(invoiceId);
      else outcome.refused.push({ field, invoices: [invoiceId] });
    };
    const answers = [];
    for (const invoice of chosen) {
      // A plan splits what the workflow holds as outstanding (a payment may not be projected yet).
      const balance =
        form.answer === 'request_plan'
          ? ((await invoiceState(deps.temporal, invoice.id).catch(() => null))?.balance ?? invoice.balance)
          : invoice.balance;
      const body = answerPayload(form, balance);
      if ('refused' in body) refuse(body.refused, invoice.id);
      else
        answers.push({
          invoiceId: invoice.id,
          body,
          id: debtorAnswerId(access.hash, form.nonce, invoice.id, body.payload),
        });
    }
    const recorded = await recordSelfServiceAnswers(
      deps.db,
      answers.map((a) => ({
        id: a.id,
        tokenHash: access.hash,
        submission: form.nonce,
        customerId: access.customerId,
        invoiceId: a.invoiceId,
        answer: form.answer,
        payload: a.body.payload,
      })),
      { max: answersPerHour, since: new Date(deps.now().getTime() - HOUR_MS) },
    );
    if (recorded.limited) {
      const retryAfter = Math.max(1, Math.ceil((recorded.oldest.getTime() + HOUR_MS - deps.now().getTime()) / 1000));
      return { status: 429, outcome, retryAfter };
    }
    let unavailable = false;
    for (const a of answers) {
      try {
        await sendUpdate(deps.temporal, a.invoiceId, debtorAnswerUpdate, { answerId: a.id, ...a.body.payload });
        await settleSelfServiceAnswer(deps.db, a.id, { status: 'accepted' });
        outcome.done.push(a.invoiceId);
      } catch (error) {
        const field = refusedField(error);
        if (field === 'unavailable') unavailable = true;
        else if (field === undefined)
          deps.logger.error(`debtor answer ${a.id} on invoice ${a.invoiceId} failed`, error);
        else
          await settleSelfServiceAnswer(deps.db, a.id, { status: 'refused', field: field.replace(/^workflow\./, '') });
        refuse(field ?? 'unknown', a.invoiceId);
      }
    }
    if (unavailable) return { status: 503, outcome, retryAfter: RETRY_AFTER_SECONDS };
    return { status: outcome.refused.length > 0 ? 422 : 200, outcome };
  }

  /** The field a refusal names, `unavailable` for an outage to retry, undefined for a fault of ours. */
  function refusedField(error: unknown): string | undefined {
    if (error instanceof CollectionEndedError) return 'workflow.status';
    if (error instanceof ValidationError) return `workflow.${error.issues[0]?.field ?? 'answer'}`;
    const known = toHttpError(error);
    if (known?.status === 503) return 'unavailable';
    return undefined;
  }

  async function page(access: Access, lang: PageLanguage, outcome?: AnswerOutcome): Promise<string> {
    const text = PAGE_TEXT[lang];
    const { customer } = access;
    const locale = customer.locale.toLowerCase().startsWith(lang) ? customer.locale : text.locale;
    const day = (value: string) => formatDay(locale, customer.timezone, value);
    const pagePath = `${root}/${encodeURIComponent(access.token)}`;
    const invoices: PageInvoice[] = [];
    for (const invoice of access.invoices) {
      const money = (amount: number) => formatMoney({ amount, currency: invoice.currency }, locale);
      const document = await invoiceDocument(invoice.id);
      invoices.push({
        id: invoice.id,
        issueDate: day(invoice.issueDate),
        dueDate: day(invoice.dueDate),
        amount: money(invoice.amount),
        balance: money(invoice.balance),
        stage: text.stages[invoice.stage] ?? invoice.stage,
        document: document && {
          href: `${pagePath}/documents/${encodeURIComponent(document.id)}`,
          original: document.kind === ORIGINAL_INVOICE_KIND,
        },
      });
    }
    const totals = new Map<string, number>();
    for (const invoice of access.invoices)
      totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.balance);
    const nonces = Object.fromEntries(DEBTOR_ANSWERS.map((a) => [a, randomBytes(16).toString('base64url')])) as Record<
      DebtorAnswerKind,
      string
    >;
    return renderHtml(
      <SelfServicePage
        lang={lang}
        pagePath={pagePath}
        stylesheet={stylesheet}
        creditor={{
          name: creditorName,
          contact: deps.creditor?.contact,
          paymentInstructions: deps.creditor && paymentInstructionsIn(lang, deps.creditor.paymentInstructions),
        }}
        customerName={customer.name}
        invoices={invoices}
        totals={[...totals].map(([currency, amount]) => formatMoney({ amount, currency }, locale))}
        nonces={nonces}
        today={DateTime.fromJSDate(deps.now()).setZone(customer.timezone).toISODate() ?? ''}
        outcome={outcome}
      />,
    );
  }

  /** The PDF the page links for an invoice: its original when uploaded, else the latest statement the worker made. */
  async function invoiceDocument(invoiceId: string) {
    const documents = await listDocuments(deps.db, invoiceId);
    const latest = (kind: string) => documents.filter((d) => d.kind === kind).at(-1);
    return latest(ORIGINAL_INVOICE_KIND) ?? latest('statement');
  }

  function notFound(res: Response, status = 404): void {
    const contact = deps.creditor ? ` ${deps.creditor.name} : ${deps.creditor.contact}` : '';
    const contactEn = deps.creditor ? ` ${deps.creditor.name}: ${deps.creditor.contact}` : '';
    sendMessage(res, status, 'Lien non valide · Link not valid', [
      {
        lang: 'fr',
        heading: 'Ce lien n’est pas valide ou a expiré.',
        paragraphs: [
          `Pour recevoir un nouveau lien ou pour toute question, contactez${contact || ' l’expéditeur du message'}.`,
        ],
      },
      {
        lang: 'en',
        heading: 'This link is not valid or has expired.',
        paragraphs: [`For a new link or any question, contact${contactEn || ' the sender of the message'}.`],
      },
    ]);
  }

  function tooMany(res: Response, retryAfter: number): void {
    res.setHeader('Retry-After', String(retryAfter));
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    sendMessage(res, 429, 'Trop de demandes · Too many requests', [
      {
        lang: 'fr',
        heading: 'Trop de demandes pour ce lien.',
        paragraphs: [`Merci de réessayer dans ${minutes} minute${minutes > 1 ? 's' : ''}.`],
      },
      {
        lang: 'en',
        heading: 'Too many requests for this link.',
        paragraphs: [`Please try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`],
      },
    ]);
  }

  function message(res: Response, status: number, kind: 'tooLarge' | 'unavailable'): void {
    const words =
      kind === 'tooLarge'
        ? { fr: 'Le formulaire envoyé est trop volumineux.', en: 'The form sent is too large.' }
        : { fr: PAGE_TEXT.fr.refusals.unavailable!, en: PAGE_TEXT.en.refusals.unavailable! };
    sendMessage(res, status, `${words.fr} · ${words.en}`, [
      { lang: 'fr', heading: words.fr, paragraphs: [] },
      { lang: 'en', heading: words.en, paragraphs: [] },
    ]);
  }

  function sendMessage(
    res: Response,
    status: number,
    title: string,
    blocks: { lang: PageLanguage; heading: string; paragraphs: string[] }[],
  ): void {
    res
      .status(status)
      .type('html')
      .send(renderHtml(<MessagePage stylesheet={stylesheet} title={title} blocks={blocks} />));
  }

  return router;
}

function dedupe<T extends { field: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.field, item])).values()];
}

/** A date as the table prints it: a calendar date as written, an instant in the customer's zone. */
function formatDay(locale: string, timezone: string, value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = dateOnly ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: dateOnly ? 'UTC' : timezone }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}
