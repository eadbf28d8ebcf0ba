import { type Request, type Response, Router } from 'express';
import type { VNode } from 'preact';
import { consoleApi } from '../console-api';
import { consoleLocale, type Dictionary, money, date } from '../console-locale';
import { parseMoneyInput } from '../form-values';
import { CsrfField, Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import type { ConsolePageDeps } from './index';
import {
  DoneNotice,
  doneAction,
  Field,
  formValues,
  redirectDone,
  type Refusal,
  refusalOf,
  SelectField,
  TextAreaField,
  typed,
} from './tasks-form-fields';

/** A legal file as `GET /v1/legal-files/{id}` answers it. */
interface LegalFile {
  id: string;
  invoiceId: string;
  status: string;
  recommendedRoute: string;
  routeReason: string;
  openedAt: string;
  outcome: string | null;
  closingNote: string | null;
  closedAt: string | null;
  dossier: {
    balance?: number;
    currency?: string;
    statutoryAmounts?: {
      computedOn: string;
      principal: Money;
      interest: Money;
      indemnity: Money;
      total: Money;
    } | null;
    recommendation?: { preAction?: string | null };
    summary?: { lines: string[] };
    invoice?: { customer?: { name?: string } };
  };
  events?: {
    id: string;
    type: string;
    date: string;
    note: string | null;
    amount: number | null;
    currency: string | null;
    recordedBy: string;
  }[];
}

interface Money {
  amount: number;
  currency: string;
}

const EVENT_TYPES = ['filed', 'hearing', 'judgment', 'enforcement', 'cost', 'note'] as const;
const OUTCOMES = ['paid', 'settled', 'written_off', 'abandoned'] as const;

const words: Dictionary<
  | 'title'
  | 'none'
  | 'file'
  | 'invoice'
  | 'customer'
  | 'opened'
  | 'route'
  | 'balance'
  | 'status'
  | 'amounts'
  | 'principal'
  | 'interest'
  | 'indemnity'
  | 'total'
  | 'asOf'
  | 'noAmounts'
  | 'before'
  | 'summary'
  | 'events'
  | 'noEvents'
  | 'type'
  | 'date'
  | 'amount'
  | 'amountHint'
  | 'noteLabel'
  | 'by'
  | 'addEvent'
  | 'close'
  | 'outcome'
  | 'back'
  | 'eventDone'
  | 'closeDone'
  | 'closed'
  | 'open'
  | 'showClosed'
  | 'showOpen'
  | (typeof EVENT_TYPES)[number]
  | (typeof OUTCOMES)[number]
> = {
  fr: {
    title: 'Dossiers contentieux',
    none: 'Aucun dossier.',
    file: 'Dossier',
    invoice: 'Facture',
    customer: 'Client',
    opened: 'Ouvert le',
    route: 'Voie recommandée',
    balance: 'Solde',
    status: 'État',
    amounts: 'Montants',
    principal: 'Principal',
    interest: 'Intérêts de retard',
    indemnity: 'Indemnité forfaitaire',
    total: 'Total',
    asOf: 'au',
    noAmounts: 'Aucune créance légale de retard : seul le principal est réclamé.',
    before: 'Avant toute action',
    summary: 'Synthèse',
    events: 'Événements',
    noEvents: 'Aucun événement.',
    type: 'Type',
    date: 'Date',
    amount: 'Montant (facultatif)',
    amountHint: 'Dans la devise de la facture, par exemple 180,00',
    noteLabel: 'Note (facultative)',
    by: 'Par',
    addEvent: 'Ajouter un événement',
    close: 'Clore le dossier',
    outcome: 'Issue',
    back: 'Tous les dossiers',
    eventDone: 'L’événement est enregistré.',
    closeDone: 'Le dossier est clos.',
    closed: 'Clos',
    open: 'Ouvert',
    showClosed: 'Voir les dossiers clos',
    showOpen: 'Voir les dossiers ouverts',
    filed: 'Assignation déposée',
    hearing: 'Audience',
    judgment: 'Jugement',
    enforcement: 'Exécution',
    cost: 'Frais',
    note: 'Note',
    paid: 'Payé',
    settled: 'Transaction',
    written_off: 'Passé en perte',
    abandoned: 'Abandonné',
  },
  en: {
    title: 'Legal files',
    none: 'No legal file.',
    file: 'File',
    invoice: 'Invoice',
    customer: 'Customer',
    opened: 'Opened',
    route: 'Recommended route',
    balance: 'Balance',
    status: 'Status',
    amounts: 'Amounts',
    principal: 'Principal',
    interest: 'Late-payment interest',
    indemnity: 'Fixed indemnity',
    total: 'Total',
    asOf: 'as of',
    noAmounts: 'No statutory late-payment claim: the principal only is claimed.',
    before: 'Before any claim',
    summary: 'Summary',
    events: 'Events',
    noEvents: 'No event.',
    type: 'Type',
    date: 'Date',
    amount: 'Amount (optional)',
    amountHint: 'In the invoice’s currency, for example 180.00',
    noteLabel: 'Note (optional)',
    by: 'By',
    addEvent: 'Record an event',
    close: 'Close the file',
    outcome: 'Outcome',
    back: 'All legal files',
    eventDone: 'The event is recorded.',
    closeDone: 'The file is closed.',
    closed: 'Closed',
    open: 'Open',
    showClosed: 'Show closed files',
    showOpen: 'Show open files',
    filed: 'Claim filed',
    hearing: 'Hearing',
    judgment: 'Judgment',
    enforcement: 'Enforcement',
    cost: 'Cost',
    note: 'Note',
    paid: 'Paid',
    settled: 'Settled',
    written_off: 'Written off',
    abandoned: 'Abandoned',
  },
};

const filePath = (id: string) => `/app/legal-files/${encodeURIComponent(id)}`;

/** `/app/legal-files`: the open files; one file with its amounts, route and events, and its event and close forms. */
export function createLegalFilesPages(_deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/legal-files', async (req, res) => {
    const ctx = pageContext(req);
    const status = req.query.status === 'closed' ? 'closed' : 'open';
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const answer = await consoleApi(req).get<{ items: LegalFile[]; nextCursor: string | null }>('/legal-files', {
      status,
      cursor,
    });
    renderPage(
      res,
      <FileList ctx={ctx} status={status} page={answer.ok ? answer.body : undefined} problem={answer.problem} />,
      answer.status,
    );
  });

  router.get('/legal-files/:id', async (req, res) => {
    await showFile(req, res, undefined);
  });

  router.post('/legal-files/:id/events', async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req);
    const api = consoleApi(req);
    const file = await api.get<LegalFile>(`/legal-files/${encodeURIComponent(id)}`);
    const currency = file.ok ? (file.body.dossier.currency ?? 'EUR') : 'EUR';
    const amount = typed(values, 'amount');
    const body = {
      type: values.type,
      date: values.date ?? '',
      ...(typed(values, 'note') ? { note: typed(values, 'note') } : {}),
      ...(amount === undefined ? {} : { amount: parseMoneyInput(amount, currency) ?? amount }),
    };
    const refusal = refusalOf('event', values, await api.post(`/legal-files/${encodeURIComponent(id)}/events`, body));
    if (!refusal) return redirectDone(res, filePath(id), 'event');
    await showFile(req, res, refusal);
  });

  router.post('/legal-files/:id/close', async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req);
    const body = { outcome: values.outcome, ...(typed(values, 'note') ? { note: typed(values, 'note') } : {}) };
    const answer = await consoleApi(req).post(`/legal-files/${encodeURIComponent(id)}/close`, body);
    const refusal = refusalOf('close', values, answer);
    if (!refusal) return redirectDone(res, filePath(id), 'close');
    await showFile(req, res, refusal);
  });

  return router;
}

function pageContext(req: Request): PageContext {
  return { locale: consoleLocale(req), caller: req.console, path: req.originalUrl };
}

async function showFile(req: Request, res: Response, refusal: Refusal | undefined) {
  const id = String(req.params.id);
  const ctx = { ...pageContext(req), path: filePath(id) };
  const w = words[ctx.locale];
  const answer = await consoleApi(req).get<LegalFile>(`/legal-files/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    renderPage(
      res,
      <Layout ctx={ctx} title={w.file}>
        <ProblemNotice ctx={ctx} problem={answer.problem} />
        <p>
          <a href="/app/legal-files">{w.back}</a>
        </p>
      </Layout>,
      answer.status,
    );
    return;
  }
  const notice = doneAction(req, { event: w.eventDone, close: w.closeDone });
  renderPage(res, <FilePage ctx={ctx} file={answer.body} notice={notice} refusal={refusal} />, refusal?.status ?? 200);
}

const customerOf = (file: LegalFile) => file.dossier.invoice?.customer?.name ?? '—';

function FileList(props: {
  ctx: PageContext;
  status: string;
  page: { items: LegalFile[]; nextCursor: string | null } | undefined;
  problem: Refusal['problem'] | undefined;
}): VNode {
  const { ctx, page } = props;
  const w = words[ctx.locale];
  const other = props.status === 'open' ? 'closed' : 'open';
  return (
    <Layout ctx={ctx} title={w.title}>
      <ProblemNotice ctx={ctx} problem={props.problem} />
      <p>
        <a href={`/app/legal-files?status=${other}`}>{other === 'closed' ? w.showClosed : w.showOpen}</a>
      </p>
      {page && page.items.length === 0 && <p>{w.none}</p>}
      {page && page.items.length > 0 && (
        <table id="legal-files">
          <thead>
            <tr>
              <th scope="col">{w.file}</th>
              <th scope="col">{w.invoice}</th>
              <th scope="col">{w.customer}</th>
              <th scope="col">{w.opened}</th>
              <th scope="col">{w.route}</th>
              <th scope="col" class="num">
                {w.balance}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((file) => (
              <tr key={file.id}>
                <th scope="row">
                  <a href={filePath(file.id)}>{file.id}</a>
                </th>
                <td>
                  <a href={`/app/invoices/${encodeURIComponent(file.invoiceId)}`}>{file.invoiceId}</a>
                </td>
                <td>{customerOf(file)}</td>
                <td>{date(file.openedAt, ctx.locale)}</td>
                <td>{file.recommendedRoute}</td>
                <td class="num">
                  {file.dossier.balance !== undefined && file.dossier.currency
                    ? money(file.dossier.balance, file.dossier.currency, ctx.locale)
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextCursor && (
        <p>
          <a href={`/app/legal-files?${new URLSearchParams({ status: props.status, cursor: page.nextCursor })}`}>→</a>
        </p>
      )}
    </Layout>
  );
}

function FilePage(props: {
  ctx: PageContext;
  file: LegalFile;
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, file, refusal } = props;
  const w = words[ctx.locale];
  const amounts = file.dossier.statutoryAmounts;
  const named = w as Record<string, string>;
  const events = file.events ?? [];
  const show = (m: Money) => money(m.amount, m.currency, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${w.file} ${file.id}`}>
      <p>
        <a href="/app/legal-files">{w.back}</a>
      </p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={refusal?.problem} />
      <dl class="facts" id="legal-file-facts">
        <dt>{w.status}</dt>
        <dd>
          <span class={`stage stage-${file.status === 'open' ? 'legal' : 'closed'}`}>
            {file.status === 'open' ? w.open : w.closed}
          </span>
          {file.outcome && ` · ${named[file.outcome] ?? file.outcome}`}
          {file.closingNote && ` · ${file.closingNote}`}
        </dd>
        <dt>{w.invoice}</dt>
        <dd>
          <a href={`/app/invoices/${encodeURIComponent(file.invoiceId)}`}>{file.invoiceId}</a> · {customerOf(file)}
        </dd>
        <dt>{w.opened}</dt>
        <dd>{date(file.openedAt, ctx.locale)}</dd>
        <dt>{w.route}</dt>
        <dd id="legal-file-route">
          <strong>{file.recommendedRoute}</strong> — {file.routeReason}
          {file.dossier.recommendation?.preAction && (
            <>
              <br />
              {w.before}: {file.dossier.recommendation.preAction}
            </>
          )}
        </dd>
      </dl>
      <section aria-labelledby="amounts-title">
        <h2 id="amounts-title">{w.amounts}</h2>
        {amounts ? (
          <table id="legal-file-amounts">
            <caption>{`${w.asOf} ${date(amounts.computedOn, ctx.locale)}`}</caption>
            <tbody>
              <tr>
                <th scope="row">{w.principal}</th>
                <td class="num">{show(amounts.principal)}</td>
              </tr>
              <tr>
                <th scope="row">{w.interest}</th>
                <td class="num">{show(amounts.interest)}</td>
              </tr>
              <tr>
                <th scope="row">{w.indemnity}</th>
                <td class="num">{show(amounts.indemnity)}</td>
              </tr>
              <tr>
                <th scope="row">{w.total}</th>
                <td class="num">
                  <strong>{show(amounts.total)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p>
            {w.noAmounts}
            {file.dossier.balance !== undefined && file.dossier.currency && (
              <> {`${w.balance}: ${money(file.dossier.balance, file.dossier.currency, ctx.locale)}`}</>
            )}
          </p>
        )}
      </section>
      {file.dossier.summary && (
        <details>
          <summary>{w.summary}</summary>
          <ul>
            {file.dossier.summary.lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </details>
      )}
      <section aria-labelledby="events-title">
        <h2 id="events-title">{w.events}</h2>
        {events.length === 0 ? (
          <p>{w.noEvents}</p>
        ) : (
          <table id="legal-file-events">
            <thead>
              <tr>
                <th scope="col">{w.date}</th>
                <th scope="col">{w.type}</th>
                <th scope="col" class="num">
                  {w.amount}
                </th>
                <th scope="col">{w.note}</th>
                <th scope="col">{w.by}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <th scope="row">{date(event.date, ctx.locale)}</th>
                  <td>{named[event.type] ?? event.type}</td>
                  <td class="num">
                    {event.amount === null ? '—' : money(event.amount, event.currency ?? 'EUR', ctx.locale)}
                  </td>
                  <td>{event.note ?? ''}</td>
                  <td>{event.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {file.status === 'open' && may(ctx, 'write') && (
        <div class="actions">
          <details open={refusal?.form === 'event' || refusal === undefined}>
            <summary>{w.addEvent}</summary>
            <form method="post" action={`${filePath(file.id)}/events`} id="event-form">
              <CsrfField ctx={ctx} />
              <SelectField
                form="event"
                refusal={refusal}
                name="type"
                label={w.type}
                options={EVENT_TYPES.map((type) => [type, w[type]])}
              />
              <Field form="event" refusal={refusal} name="date" label={w.date} type="date" required />
              <Field
                form="event"
                refusal={refusal}
                name="amount"
                label={w.amount}
                inputMode="decimal"
                hint={w.amountHint}
              />
              <TextAreaField form="event" refusal={refusal} name="note" label={w.noteLabel} rows={2} />
              <button type="submit">{w.addEvent}</button>
            </form>
          </details>
          <details open={refusal?.form === 'close'}>
            <summary>{w.close}</summary>
            <form method="post" action={`${filePath(file.id)}/close`} id="close-form">
              <CsrfField ctx={ctx} />
              <SelectField
                form="close"
                refusal={refusal}
                name="outcome"
                label={w.outcome}
                options={OUTCOMES.map((outcome) => [outcome, w[outcome]])}
              />
              <TextAreaField form="close" refusal={refusal} name="note" label={w.noteLabel} rows={2} />
              <button type="submit">{w.close}</button>
            </form>
          </details>
        </div>
      )}
    </Layout>
  );
}
