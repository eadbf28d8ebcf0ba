import type { VNode } from 'preact';
import { currencyMinorUnits, isKnownCurrency, toMajorUnits } from '../../../domain/money';
import type { DunningStage, InvoiceStatus } from '../../../workflows/read-model';
import type { InvoiceResource } from '../../invoices/invoice-resource';
import type { CurrencyAging } from '../../reports/aging';
import type { Problem } from '../console-api';
import { date as when, type Dictionary, money } from '../console-locale';
import { Layout, type PageContext, ProblemNotice } from '../layout';
import { StageBadge, STAGE_NAMES, STATUS_NAMES } from './invoice-stage';

export interface InvoiceSearch {
  q?: string;
  stage?: string;
  status?: string;
  overdue?: boolean;
  cursor?: string;
}

export interface AgingReport {
  asOf: string;
  buckets: { key: string; fromDays: number | null; toDays: number | null }[];
  currencies: CurrencyAging[];
}

export interface InvoiceListView {
  search: InvoiceSearch;
  items: InvoiceResource[];
  nextCursor: string | null;
  aging?: AgingReport;
  problem?: Problem;
  now: Date;
}

type Word =
  | 'title'
  | 'search'
  | 'searchHint'
  | 'stage'
  | 'status'
  | 'any'
  | 'overdue'
  | 'apply'
  | 'results'
  | 'number'
  | 'customer'
  | 'amount'
  | 'balance'
  | 'dueDate'
  | 'daysLate'
  | 'none'
  | 'next'
  | 'first'
  | 'aging'
  | 'agingChart'
  | 'agingTable'
  | 'bucket'
  | 'count'
  | 'total'
  | 'not_due'
  | 'days_1_30'
  | 'days_31_60'
  | 'days_61_90'
  | 'over_90'
  | 'dso'
  | 'noAging';

const words: Dictionary<Word> = {
  fr: {
    title: 'Factures',
    search: 'Rechercher / Search',
    searchHint: 'Numéro de facture ou nom du client, en tout ou partie.',
    stage: 'Étape',
    status: 'Statut',
    any: 'Toutes',
    overdue: 'Échues seulement',
    apply: 'Rechercher',
    results: 'Résultats',
    number: 'Numéro',
    customer: 'Client',
    amount: 'Montant',
    balance: 'Reste dû',
    dueDate: 'Échéance',
    daysLate: 'Jours de retard',
    none: 'Aucune facture ne correspond.',
    next: 'Page suivante',
    first: 'Première page',
    aging: 'Balance âgée',
    agingChart: 'Encours par ancienneté du retard',
    agingTable: 'Encours par tranche de retard, en',
    bucket: 'Tranche',
    count: 'Factures',
    total: 'Total',
    not_due: 'Non échu',
    days_1_30: '1 à 30 jours',
    days_31_60: '31 à 60 jours',
    days_61_90: '61 à 90 jours',
    over_90: 'Plus de 90 jours',
    dso: 'DSO (jours)',
    noAging: 'Aucun encours.',
  },
  en: {
    title: 'Invoices',
    search: 'Rechercher / Search',
    searchHint: 'Invoice number or customer name, whole or in part.',
    stage: 'Stage',
    status: 'Status',
    any: 'All',
    overdue: 'Overdue only',
    apply: 'Search',
    results: 'Results',
    number: 'Number',
    customer: 'Customer',
    amount: 'Amount',
    balance: 'Balance',
    dueDate: 'Due date',
    daysLate: 'Days late',
    none: 'No invoice matches.',
    next: 'Next page',
    first: 'First page',
    aging: 'Aging',
    agingChart: 'Outstanding by days past due',
    agingTable: 'Outstanding by bucket, in',
    bucket: 'Bucket',
    count: 'Invoices',
    total: 'Total',
    not_due: 'Not due',
    days_1_30: '1–30 days',
    days_31_60: '31–60 days',
    days_61_90: '61–90 days',
    over_90: 'Over 90 days',
    dso: 'DSO (days)',
    noAging: 'Nothing outstanding.',
  },
};

const BUCKETS = ['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;

/** Whole days since the due moment; nothing before it. */
export function daysLate(dueAt: string, now: Date): number | undefined {
  const days = Math.floor((now.getTime() - new Date(dueAt).getTime()) / 86_400_000);
  return days > 0 ? days : undefined;
}

/** The list's own address with these filters (and a cursor): links and the pager keep what was searched. */
export function invoiceListHref(search: InvoiceSearch, cursor?: string): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.stage) params.set('stage', search.stage);
  if (search.status) params.set('status', search.status);
  if (search.overdue) params.set('overdue', '1');
  if (cursor) params.set('cursor', cursor);
  return params.size ? `/app/invoices?${params}` : '/app/invoices';
}

export function InvoiceListPage(props: { ctx: PageContext; view: InvoiceListView }): VNode {
  const { ctx, view } = props;
  const w = words[ctx.locale];
  const { search } = view;
  return (
    <Layout ctx={ctx} title={w.title}>
      <ProblemNotice ctx={ctx} problem={view.problem} />
      <form method="get" action="/app/invoices" id="invoice-search" aria-label={w.apply}>
        <div class="grid">
          <div>
            <label for="q">{w.search}</label>
            <input id="q" name="q" type="search" value={search.q ?? ''} maxLength={100} aria-describedby="q-hint" />
            <small id="q-hint">{w.searchHint}</small>
          </div>
          <div>
            <label for="stage">{w.stage}</label>
            <select id="stage" name="stage">
              <option value="">{w.any}</option>
              {(Object.entries(STAGE_NAMES[ctx.locale]) as [DunningStage, string][])
                .filter(([stage]) => stage !== 'handed_to_legal')
                .map(([stage, name]) => (
                  <option key={stage} value={stage} selected={search.stage === stage}>
                    {name}
                  </option>
                ))}
            </select>
          </div>
          <div>
            <label for="status">{w.status}</label>
            <select id="status" name="status">
              <option value="">{w.any}</option>
              {(Object.entries(STATUS_NAMES[ctx.locale]) as [InvoiceStatus, string][]).map(([status, name]) => (
                <option key={status} value={status} selected={search.status === status}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label for="overdue">
          <input id="overdue" name="overdue" type="checkbox" value="1" checked={search.overdue} />
          {w.overdue}
        </label>
        <button type="submit">{w.apply}</button>
      </form>

      <section aria-labelledby="results-title">
        <h2 id="results-title">{w.results}</h2>
        {view.items.length === 0 ? (
          <p>{w.none}</p>
        ) : (
          <div class="overflow-auto">
            <table class="striped" data-testid="invoice-results">
              <thead>
                <tr>
                  <th scope="col">{w.number}</th>
                  <th scope="col">{w.customer}</th>
                  <th scope="col" class="num">
                    {w.amount}
                  </th>
                  <th scope="col" class="num">
                    {w.balance}
                  </th>
                  <th scope="col">{w.dueDate}</th>
                  <th scope="col" class="num">
                    {w.daysLate}
                  </th>
                  <th scope="col">{w.stage}</th>
                </tr>
              </thead>
              <tbody>
                {view.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row">
                      <a href={`/app/invoices/${encodeURIComponent(invoice.id)}`}>{invoice.id}</a>
                    </th>
                    <td>{String(invoice.customer.name ?? '')}</td>
                    <td class="num">{money(invoice.amount, invoice.currency, ctx.locale)}</td>
                    <td class="num">{money(invoice.balance, invoice.currency, ctx.locale)}</td>
                    <td>{when(invoice.dueDate, ctx.locale)}</td>
                    <td class="num">{invoice.status === 'open' ? (daysLate(invoice.dueAt, view.now) ?? '—') : '—'}</td>
                    <td>
                      <StageBadge stage={invoice.stage} locale={ctx.locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label={w.results}>
          <ul>
            {search.cursor && (
              <li>
                <a href={invoiceListHref(search)}>{w.first}</a>
              </li>
            )}
            {view.nextCursor && (
              <li>
                <a href={invoiceListHref(search, view.nextCursor)} rel="next">
                  {w.next}
                </a>
              </li>
            )}
          </ul>
        </nav>
      </section>

      {view.aging && <Aging ctx={ctx} report={view.aging} />}
    </Layout>
  );
}

/** The aging buckets as a bar chart (one series per currency, in major units) and as the table it draws. */
function Aging(props: { ctx: PageContext; report: AgingReport }): VNode {
  const { ctx, report } = props;
  const w = words[ctx.locale];
  const currencies = report.currencies.filter((c) => c.total.count > 0);
  const major = (amount: number, currency: string) =>
    isKnownCurrency(currency) ? toMajorUnits({ amount, currency }) : amount / 100;
  const chart = {
    labels: BUCKETS.map((key) => w[key]),
    datasets: currencies.map((c) => ({
      label: c.currency,
      data: BUCKETS.map((key) => major(c.buckets[key].balance, c.currency)),
      digits: isKnownCurrency(c.currency) ? currencyMinorUnits(c.currency) : 2,
    })),
    locale: ctx.locale === 'fr' ? 'fr-FR' : 'en-GB',
  };
  const summary = currencies
    .map(
      (c) =>
        `${c.currency}: ${BUCKETS.map((key) => `${w[key]} ${money(c.buckets[key].balance, c.currency, ctx.locale)}`).join(', ')}`,
    )
    .join('; ');
  return (
    <section aria-labelledby="aging-title">
      <h2 id="aging-title">{w.aging}</h2>
      {currencies.length === 0 ? (
        <p>{w.noAging}</p>
      ) : (
        <>
          <div class="aging-chart">
            <canvas id="aging-chart" role="img" aria-label={`${w.agingChart}. ${summary}`}>
              {summary}
            </canvas>
          </div>
          <script
            type="application/json"
            id="aging-data"
            // JSON in HTML: `<` escaped so no text can close the element.
            dangerouslySetInnerHTML={{ __html: JSON.stringify(chart).replace(/</g, '\\u003c') }}
          />
          <script src="/app/assets/chart.umd.min.js" defer />
          <script src="/app/assets/aging-chart.js" defer />
          {currencies.map((c) => (
            <div class="overflow-auto" key={c.currency}>
              <table data-testid={`aging-${c.currency}`}>
                <caption>
                  {w.agingTable} {c.currency} · {when(report.asOf, ctx.locale)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{w.bucket}</th>
                    <th scope="col" class="num">
                      {w.balance}
                    </th>
                    <th scope="col" class="num">
                      {w.count}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {BUCKETS.map((key) => (
                    <tr key={key}>
                      <th scope="row">{w[key]}</th>
                      <td class="num">{money(c.buckets[key].balance, c.currency, ctx.locale)}</td>
                      <td class="num">{c.buckets[key].count}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{w.total}</th>
                    <td class="num">{money(c.total.balance, c.currency, ctx.locale)}</td>
                    <td class="num">{c.total.count}</td>
                  </tr>
                  <tr>
                    <th scope="row">{w.dso}</th>
                    <td class="num">{c.dso ?? '—'}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
