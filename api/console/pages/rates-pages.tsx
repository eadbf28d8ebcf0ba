import { type Request, type Response, Router } from 'express';
import type { VNode } from 'preact';
import { consoleApi } from '../console-api';
import { consoleLocale, type ConsoleLocale, type Dictionary, date } from '../console-locale';
import { CsrfField, Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import type { ConsolePageDeps } from './index';
import {
  DoneNotice,
  doneAction,
  Field,
  type FormValues,
  formValues,
  redirectDone,
  type Refusal,
  refusalOf,
  typed,
} from './tasks-form-fields';

/** A reference-rate table as `GET /v1/rates` answers it. */
interface RateTable {
  table: string;
  entries: { from: string; ratePercent: number }[];
  knownUntil: string;
  stale: boolean;
}

const words: Dictionary<
  | 'title'
  | 'intro'
  | 'knownUntil'
  | 'stale'
  | 'current'
  | 'from'
  | 'rate'
  | 'append'
  | 'appendHint'
  | 'knownUntilOptional'
  | 'appended'
  | 'entries'
  | 'ECB_MRO'
  | 'DE_BASE'
  | 'BOE_BANK'
> = {
  fr: {
    title: 'Taux de référence',
    intro:
      'Les taux dont dépendent les intérêts légaux de retard. Un barème connu jusqu’à une date passée fait attendre les étapes qui en ont besoin.',
    knownUntil: 'Connu jusqu’au',
    stale: 'à mettre à jour',
    current: 'à jour',
    from: 'À partir du',
    rate: 'Taux (%)',
    append: 'Ajouter un taux',
    appendHint: 'Laissez la date et le taux vides pour seulement prolonger « connu jusqu’au ».',
    knownUntilOptional: 'Connu jusqu’au (facultatif)',
    appended: 'Le barème est mis à jour.',
    entries: 'Taux successifs',
    ECB_MRO: 'BCE, taux de refinancement principal (France, zone euro)',
    DE_BASE: 'Basiszinssatz (Allemagne)',
    BOE_BANK: 'Bank of England, Bank Rate (Royaume-Uni)',
  },
  en: {
    title: 'Reference rates',
    intro:
      'The rates statutory late-payment interest depends on. A table known only until a past date makes the steps that need it wait.',
    knownUntil: 'Known until',
    stale: 'out of date',
    current: 'current',
    from: 'From',
    rate: 'Rate (%)',
    append: 'Append a rate',
    appendHint: 'Leave the date and rate empty to extend “known until” only.',
    knownUntilOptional: 'Known until (optional)',
    appended: 'The table is updated.',
    entries: 'Successive rates',
    ECB_MRO: 'ECB main refinancing operations rate (France, euro area)',
    DE_BASE: 'Basiszinssatz (Germany)',
    BOE_BANK: 'Bank of England Bank Rate (United Kingdom)',
  },
};

/** `/app/rates`: each reference-rate table with its entries and `knownUntil`, and a form to append to it. */
export function createRatesPages(_deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/rates', async (req, res) => {
    await showRates(req, res, undefined);
  });

  router.post('/rates/:table', async (req, res) => {
    const table = String(req.params.table);
    const values = formValues(req);
    const answer = await consoleApi(req).post(`/rates/${encodeURIComponent(table)}`, appendBody(values));
    const refusal = refusalOf(`rates-${table}`, values, answer);
    if (!refusal) return redirectDone(res, '/app/rates', 'append');
    await showRates(req, res, refusal);
  });

  return router;
}

/** `{ entries?, knownUntil? }` from the form; a rate typed with a decimal comma is read as a number. */
function appendBody(values: FormValues): Record<string, unknown> {
  const from = typed(values, 'from');
  const rate = typed(values, 'ratePercent');
  const number = rate === undefined ? undefined : Number(rate.replace(',', '.'));
  const ratePercent = number === undefined || Number.isNaN(number) ? rate : number;
  const knownUntil = typed(values, 'knownUntil');
  return {
    ...(from !== undefined || rate !== undefined
      ? { entries: [{ from: from ?? '', ratePercent: ratePercent ?? '' }] }
      : {}),
    ...(knownUntil ? { knownUntil } : {}),
  };
}

async function showRates(req: Request, res: Response, refusal: Refusal | undefined) {
  const ctx: PageContext = { locale: consoleLocale(req), caller: req.console, path: '/app/rates' };
  const answer = await consoleApi(req).get<RateTable[]>('/rates');
  const notice = doneAction(req, { append: words[ctx.locale].appended });
  renderPage(
    res,
    <RatesPage
      ctx={ctx}
      tables={answer.ok ? answer.body : []}
      notice={notice}
      refusal={
        refusal ?? (answer.problem && { form: 'list', values: {}, problem: answer.problem, status: answer.status })
      }
    />,
    refusal?.status ?? answer.status,
  );
}

const percent = (value: number, locale: ConsoleLocale) =>
  `${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 2 }).format(value)} %`;

function RatesPage(props: {
  ctx: PageContext;
  tables: RateTable[];
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, refusal } = props;
  const w = words[ctx.locale];
  const named = w as Record<string, string>;
  return (
    <Layout ctx={ctx} title={w.title}>
      <p>{w.intro}</p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={refusal?.problem} />
      {props.tables.map((table) => {
        const form = `rates-${table.table}`;
        const entries = [...table.entries].sort((a, b) => b.from.localeCompare(a.from));
        return (
          <section key={table.table} aria-labelledby={`${form}-title`} id={form}>
            <h2 id={`${form}-title`}>
              {table.table} <small>{named[table.table] ?? ''}</small>
            </h2>
            <p>
              {w.knownUntil}: <strong>{date(table.knownUntil, ctx.locale)}</strong>{' '}
              <span class={`stage ${table.stale ? 'stage-legal' : 'stage-paid'}`}>
                {table.stale ? w.stale : w.current}
              </span>
            </p>
            <details>
              <summary>{`${w.entries} (${entries.length})`}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{w.from}</th>
                    <th scope="col" class="num">
                      {w.rate}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.from}>
                      <th scope="row">{date(entry.from, ctx.locale)}</th>
                      <td class="num">{percent(entry.ratePercent, ctx.locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {may(ctx, 'write') && (
              <details open={refusal?.form === form}>
                <summary>{w.append}</summary>
                <form method="post" action={`/app/rates/${encodeURIComponent(table.table)}`} id={`${form}-form`}>
                  <CsrfField ctx={ctx} />
                  <p>
                    <small>{w.appendHint}</small>
                  </p>
                  <div class="grid">
                    <div>
                      <Field
                        form={form}
                        refusal={refusal}
                        name="from"
                        field="entries[0].from"
                        label={w.from}
                        type="date"
                      />
                    </div>
                    <div>
                      <Field
                        form={form}
                        refusal={refusal}
                        name="ratePercent"
                        field="entries[0].ratePercent"
                        label={w.rate}
                        inputMode="decimal"
                      />
                    </div>
                    <div>
                      <Field form={form} refusal={refusal} name="knownUntil" label={w.knownUntilOptional} type="date" />
                    </div>
                  </div>
                  <button type="submit">{w.append}</button>
                </form>
              </details>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
