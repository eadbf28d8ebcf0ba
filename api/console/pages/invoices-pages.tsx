import { type Request, type Response, Router } from 'express';
import type { CommunicationRow } from '../../../db/communications';
import type { InvoiceState } from '../../../workflows/read-model';
import type { InvoiceResource } from '../../invoices/invoice-resource';
import { type ApiAnswer, consoleApi, type Problem } from '../console-api';
import { consoleLocale } from '../console-locale';
import { Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import { ACTION_SPECS, isInvoiceAction, type PostedForm, typedValues } from './invoice-actions';
import { type AgingReport, InvoiceListPage, type InvoiceSearch } from './invoice-list-page';
import { type DocumentItem, InvoicePage } from './invoice-page';
import type { ConsolePageDeps } from './index';

const PAGE_SIZE = 25;

const pageContext = (req: Request): PageContext => ({
  locale: consoleLocale(req),
  caller: req.console,
  path: req.originalUrl,
});

const queryText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * The console's invoices: the list (search by number or customer name, filters, the aging chart), one invoice (its
 * state, timeline, proof trail, documents and every action as a form), and its documents opened in the browser. Every
 * read and every action goes through `/v1` as the signed-in person.
 */
export function createInvoicesPages(deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/invoices', async (req, res) => {
    const ctx = pageContext(req);
    const api = consoleApi(req);
    const now = deps.now();
    const search: InvoiceSearch = {
      q: queryText(req.query.q),
      stage: queryText(req.query.stage),
      status: queryText(req.query.status),
      overdue: req.query.overdue !== undefined && req.query.overdue !== '',
      cursor: queryText(req.query.cursor),
    };
    const [list, aging] = await Promise.all([
      api.get<{ items: InvoiceResource[]; nextCursor: string | null }>('/invoices', {
        q: search.q,
        stage: search.stage,
        // Overdue: due before now and still owed.
        status: search.status ?? (search.overdue ? 'open' : undefined),
        overdueSince: search.overdue ? now.toISOString().replace(/\.\d+Z$/, 'Z') : undefined,
        limit: PAGE_SIZE,
        cursor: search.cursor,
      }),
      api.get<AgingReport>('/reports/aging'),
    ]);
    const view = {
      search,
      items: list.ok ? list.body.items : [],
      nextCursor: list.ok ? list.body.nextCursor : null,
      aging: aging.ok ? aging.body : undefined,
      problem: list.problem,
      now,
    };
    renderPage(res, <InvoiceListPage ctx={ctx} view={view} />, list.ok ? 200 : list.status);
  });

  /** The invoice page, with the form just refused (its values and the API's problem) when there is one. */
  async function showInvoice(req: Request, res: Response, posted?: PostedForm, status = 200): Promise<void> {
    const id = encodeURIComponent(String(req.params.id));
    // A refused form is shown at the invoice's own address: the language switch comes back to the page, not the POST.
    const ctx = { ...pageContext(req), ...(posted ? { path: `/app/invoices/${id}` } : {}) };
    const api = consoleApi(req);
    const invoice = await api.get<InvoiceResource & { state: InvoiceState | null }>(`/invoices/${id}`);
    if (!invoice.ok) {
      renderProblem(res, ctx, invoice);
      return;
    }
    const [communications, documents, policies] = await Promise.all([
      api.get<{ items: CommunicationRow[] }>(`/invoices/${id}/communications`),
      api.get<DocumentItem[]>(`/invoices/${id}/documents`),
      may(ctx, 'write') ? api.get<{ items: { id: string; name: string }[] }>('/policies') : Promise.resolve(undefined),
    ]);
    const done = typeof req.query.done === 'string' && isInvoiceAction(req.query.done) ? req.query.done : undefined;
    const view = {
      invoice: invoice.body,
      communications: communications.ok ? communications.body.items : [],
      documents: documents.ok ? documents.body : [],
      policies: policies?.ok ? policies.body.items.map((p) => ({ id: p.id, name: p.name })) : [],
      done: posted ? undefined : done,
      posted,
      now: deps.now(),
    };
    renderPage(res, <InvoicePage ctx={ctx} view={view} />, status);
  }

  router.get('/invoices/:id', (req, res) => showInvoice(req, res));

  router.post('/invoices/:id/actions/:action', async (req, res) => {
    const action = String(req.params.action);
    if (!isInvoiceAction(action)) {
      renderProblem(res, pageContext(req), { status: 404, problem: { title: 'Not found', status: 404 } });
      return;
    }
    const api = consoleApi(req);
    const id = encodeURIComponent(String(req.params.id));
    const invoice = await api.get<InvoiceResource>(`/invoices/${id}`);
    if (!invoice.ok) {
      renderProblem(res, pageContext(req), invoice);
      return;
    }
    const spec = ACTION_SPECS[action];
    const values = typedValues(req.body);
    const built = spec.build(req.body, { currency: invoice.body.currency, now: deps.now() });
    if (built.problem) {
      await showInvoice(req, res, { action, values, problem: built.problem }, built.problem.status);
      return;
    }
    const answer = await api.post(`/invoices/${id}/${spec.path}`, built.body);
    if (answer.ok) {
      res.redirect(303, `/app/invoices/${id}?done=${action}`);
      return;
    }
    await showInvoice(
      req,
      res,
      { action, values, problem: answer.problem ?? unreadable(answer.status) },
      answer.status,
    );
  });

  /**
   * A document opened in the browser's own viewer: the bytes as the API serves them, shown inline. The console's CSP
   * (no plugins, no objects) would stop the PDF viewer, so this response has none; it carries only a PDF, which
   * `nosniff` keeps from being read as anything else. Anything not a PDF is downloaded, never shown.
   */
  router.get('/documents/:documentId', async (req, res) => {
    const answer = await consoleApi(req).fetch(`/documents/${encodeURIComponent(String(req.params.documentId))}`);
    if (!answer.ok) {
      const text = await answer.text();
      const problem = (text.startsWith('{') ? JSON.parse(text) : unreadable(answer.status)) as Problem;
      renderProblem(res, pageContext(req), { status: answer.status, problem });
      return;
    }
    const contentType = answer.headers.get('content-type') ?? 'application/octet-stream';
    const pdf = contentType.split(';')[0]!.trim().toLowerCase() === 'application/pdf';
    const disposition = answer.headers.get('content-disposition') ?? 'attachment';
    if (pdf) res.removeHeader('Content-Security-Policy');
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', pdf ? disposition.replace(/^attachment/i, 'inline') : disposition);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    const etag = answer.headers.get('etag');
    if (etag) res.setHeader('ETag', etag);
    res.send(Buffer.from(await answer.arrayBuffer()));
  });

  return router;
}

const unreadable = (status: number): Problem => ({ title: 'Error', status });

/** A page that could not be shown (an unknown invoice, a refused read): the API's problem, with its status. */
function renderProblem(res: Response, ctx: PageContext, answer: Pick<ApiAnswer<unknown>, 'status' | 'problem'>): void {
  const problem = answer.problem ?? unreadable(answer.status);
  renderPage(
    res,
    <Layout ctx={ctx} title={problem.title}>
      <ProblemNotice ctx={ctx} problem={problem} />
      <p>
        <a href="/app/invoices">{ctx.locale === 'fr' ? 'Retour aux factures' : 'Back to the invoices'}</a>
      </p>
    </Layout>,
    answer.status,
  );
}
