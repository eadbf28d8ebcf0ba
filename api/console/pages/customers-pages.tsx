import { randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { VNode } from 'preact';
import { CUSTOMER_HOLD_KINDS, INSOLVENCY_OUTCOMES, INSOLVENCY_PROCEDURES } from '../../../workflows/customer-messages';
import { consoleApi } from '../console-api';
import { CONSOLE_TIMEZONE, consoleLocale, money, date } from '../console-locale';
import { parseMoneyInput } from '../form-values';
import { CsrfField, Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import { type Customer, customerWords } from './customers-words';
import type { ConsolePageDeps } from './index';
import {
  daysLate,
  DoneNotice,
  doneAction,
  Field,
  type FormValues,
  formValues,
  redirectDone,
  type Refusal,
  refusalOf,
  SelectField,
  TextAreaField,
  typed,
} from './tasks-form-fields';

interface CustomerPage {
  items: {
    customerId: string;
    name: string | null;
    invoices: number;
    openInvoices: number;
    outstanding: { currency: string; amount: number }[];
  }[];
  nextCursor: string | null;
}

const customerPath = (id: string) => `/app/customers/${encodeURIComponent(id)}`;

/** `/app/customers`: find a customer; `/app/customers/:id`: its invoices, holds, procedure, payments, and their forms. */
export function createCustomersPages(deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    const ctx = pageContext(req);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const answer = await consoleApi(req).get<CustomerPage>('/customers', { q, cursor });
    renderPage(
      res,
      <CustomersList ctx={ctx} q={q} page={answer.ok ? answer.body : undefined} problem={answer.problem} />,
      answer.status,
    );
  });

  router.get('/customers/:id/statement.pdf', async (req, res) => {
    const id = String(req.params.id);
    const upstream = await consoleApi(req).fetch(`/customers/${encodeURIComponent(id)}/statement`);
    if (!upstream.ok) {
      const ctx = pageContext(req);
      const problem = (await upstream.json().catch(() => undefined)) as Refusal['problem'] | undefined;
      renderPage(
        res,
        <Layout ctx={ctx} title={customerWords[ctx.locale].statement}>
          <ProblemNotice ctx={ctx} problem={problem ?? { title: upstream.statusText, status: upstream.status }} />
        </Layout>,
        upstream.status,
      );
      return;
    }
    res.type('application/pdf');
    const disposition = upstream.headers.get('content-disposition');
    if (disposition) res.setHeader('Content-Disposition', disposition);
    res.send(Buffer.from(await upstream.arrayBuffer()));
  });

  router.get('/customers/:id', async (req, res) => {
    await showCustomer(req, res, deps, undefined);
  });

  /** Each form of the customer's page: its API call from what was typed; a refusal shows the page again. */
  const action = (name: string, call: (req: Request, id: string, values: FormValues) => Promise<Refusal | undefined>) =>
    router.post(`/customers/:id/${name}`, async (req, res) => {
      const id = String(req.params.id);
      const refusal = await call(req, id, formValues(req));
      if (!refusal) return redirectDone(res, customerPath(id), name);
      await showCustomer(req, res, deps, refusal);
    });

  const v1 = (id: string, rest = '') => `/customers/${encodeURIComponent(id)}${rest}`;

  action('hold', async (req, id, values) => {
    const body = { kind: values.kind, reason: values.reason ?? '', ...optional(values, 'until') };
    // The form's own key: the same form posted twice (a double click, a reload) places one hold.
    const headers = values.formKey ? { 'Idempotency-Key': values.formKey } : undefined;
    return refusalOf('hold', values, await consoleApi(req).post(v1(id, '/holds'), body, headers));
  });

  action('lift', async (req, id, values) => {
    const answer = await consoleApi(req).delete(v1(id, `/holds/${encodeURIComponent(values.holdId ?? '')}`));
    return refusalOf(`lift-${values.holdId ?? ''}`, values, answer);
  });

  action('payment', async (req, id, values) => {
    const currency = (values.currency ?? '').trim().toUpperCase();
    const amount = values.amount ?? '';
    const body = {
      paymentId: values.paymentId ?? '',
      amount: parseMoneyInput(amount, currency) ?? amount,
      currency,
      receivedAt: instantOf(values.receivedAt ?? ''),
      ...optional(values, 'reference'),
    };
    return refusalOf('payment', values, await consoleApi(req).post(v1(id, '/payments'), body));
  });

  action('insolvency', async (req, id, values) => {
    const body = {
      procedure: values.procedure,
      openedOn: values.openedOn ?? '',
      publishedOn: values.publishedOn ?? '',
    };
    return refusalOf('insolvency', values, await consoleApi(req).post(v1(id, '/insolvency'), body));
  });

  action('insolvency-close', async (req, id, values) => {
    const body = { outcome: values.outcome, ...optional(values, 'note') };
    return refusalOf('insolvency-close', values, await consoleApi(req).post(v1(id, '/insolvency/close'), body));
  });

  return router;
}

function pageContext(req: Request): PageContext {
  return { locale: consoleLocale(req), caller: req.console, path: req.originalUrl };
}

const optional = (values: FormValues, name: string) => {
  const value = typed(values, name);
  return value === undefined ? {} : { [name]: value };
};

/** A `datetime-local` value read on the console's clock, as the RFC 3339 instant the API takes; else as typed. */
function instantOf(text: string): string {
  const parsed = DateTime.fromISO(text.trim(), { zone: CONSOLE_TIMEZONE });
  return parsed.isValid ? parsed.toUTC().toISO({ suppressMilliseconds: true })! : text;
}

async function showCustomer(req: Request, res: Response, deps: ConsolePageDeps, refusal: Refusal | undefined) {
  const id = String(req.params.id);
  const ctx = { ...pageContext(req), path: customerPath(id) };
  const answer = await consoleApi(req).get<Customer>(`/customers/${encodeURIComponent(id)}`);
  const w = customerWords[ctx.locale];
  if (!answer.ok) {
    renderPage(
      res,
      <Layout ctx={ctx} title={w.customer}>
        <ProblemNotice ctx={ctx} problem={answer.problem} />
        <p>
          <a href="/app/customers">{w.back}</a>
        </p>
      </Layout>,
      answer.status,
    );
    return;
  }
  const words: Record<string, string> = w;
  const notice = doneAction(req, {
    hold: words['done-hold']!,
    lift: words['done-lift']!,
    payment: words['done-payment']!,
    insolvency: words['done-insolvency']!,
    'insolvency-close': words['done-insolvency-close']!,
  });
  renderPage(
    res,
    <CustomerView ctx={ctx} customer={answer.body} now={deps.now()} notice={notice} refusal={refusal} />,
    refusal?.status ?? 200,
  );
}

const amounts = (list: { currency: string; amount: number }[], ctx: PageContext) =>
  list.length ? list.map((one) => money(one.amount, one.currency, ctx.locale)).join(' · ') : '—';

function CustomersList(props: {
  ctx: PageContext;
  q: string;
  page: CustomerPage | undefined;
  problem: Refusal['problem'] | undefined;
}): VNode {
  const { ctx, page } = props;
  const w = customerWords[ctx.locale];
  return (
    <Layout ctx={ctx} title={w.title}>
      <ProblemNotice ctx={ctx} problem={props.problem} />
      <form method="get" action="/app/customers" role="search" id="customer-search">
        <label for="customer-q">{w.search}</label>
        <input id="customer-q" name="q" type="search" value={props.q} aria-describedby="customer-q-hint" />
        <small id="customer-q-hint">{w.searchHint}</small>
        <button type="submit">{w.find}</button>
      </form>
      {page && page.items.length === 0 && <p>{w.none}</p>}
      {page && page.items.length > 0 && (
        <table id="customers">
          <thead>
            <tr>
              <th scope="col">{w.customer}</th>
              <th scope="col">{w.id}</th>
              <th scope="col" class="num">
                {w.openInvoices}
              </th>
              <th scope="col" class="num">
                {w.outstanding}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((customer) => (
              <tr key={customer.customerId}>
                <th scope="row">
                  <a href={customerPath(customer.customerId)}>{customer.name ?? customer.customerId}</a>
                </th>
                <td>{customer.customerId}</td>
                <td class="num">{`${customer.openInvoices} / ${customer.invoices}`}</td>
                <td class="num">{amounts(customer.outstanding, ctx)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextCursor && (
        <p>
          <a href={`/app/customers?${new URLSearchParams({ q: props.q, cursor: page.nextCursor })}`} rel="next">
            {w.next}
          </a>
        </p>
      )}
    </Layout>
  );
}

function CustomerView(props: {
  ctx: PageContext;
  customer: Customer;
  now: Date;
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, customer, refusal } = props;
  const w = customerWords[ctx.locale];
  const id = customer.customerId;
  const snapshot = customer.customer;
  const name = typeof snapshot.name === 'string' ? snapshot.name : id;
  const phone = typeof snapshot.phone === 'string' ? snapshot.phone : undefined;
  const canWrite = may(ctx, 'write');
  const currencies = [...new Set(customer.invoices.map((invoice) => invoice.currency))];
  return (
    <Layout ctx={ctx} title={name}>
      <p>
        <a href="/app/customers">{w.back}</a>
      </p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={refusal?.problem} />
      <dl class="facts" id="customer-facts">
        <dt>{w.id}</dt>
        <dd>{id}</dd>
        {typeof snapshot.email === 'string' && (
          <>
            <dt>{w.email}</dt>
            <dd>{snapshot.email}</dd>
          </>
        )}
        {phone && (
          <>
            <dt>{w.phone}</dt>
            <dd>
              <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
            </dd>
          </>
        )}
        <dt>{w.outstanding}</dt>
        <dd id="customer-outstanding">{amounts(customer.outstanding, ctx)}</dd>
        <dt>{w.credit}</dt>
        <dd id="customer-credit">{amounts(customer.credit, ctx)}</dd>
      </dl>
      <p>
        <a href={`${customerPath(id)}/statement.pdf`} id="statement-link">
          {w.statement} (PDF)
        </a>
      </p>
      <section aria-labelledby="holds-title">
        <h2 id="holds-title">{w.holds}</h2>
        {customer.holds.length === 0 ? (
          <p>{w.noHolds}</p>
        ) : (
          <table id="holds">
            <thead>
              <tr>
                <th scope="col">{w.kind}</th>
                <th scope="col">{w.reason}</th>
                <th scope="col">{w.since}</th>
                <th scope="col">{w.until}</th>
                {canWrite && <th scope="col">{w.lift}</th>}
              </tr>
            </thead>
            <tbody>
              {customer.holds.map((hold) => (
                <tr key={hold.holdId}>
                  <th scope="row">
                    <span class="stage stage-paused">{(w as Record<string, string>)[hold.kind] ?? hold.kind}</span>
                  </th>
                  <td>{hold.reason}</td>
                  <td>{date(hold.since, ctx.locale)}</td>
                  <td>{date(hold.until, ctx.locale)}</td>
                  {canWrite && (
                    <td>
                      <form method="post" action={`${customerPath(id)}/lift`} class="inline" id={`lift-${hold.holdId}`}>
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="holdId" value={hold.holdId} />
                        <button type="submit" class="secondary">
                          {w.lift}
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Insolvency ctx={ctx} customer={customer} refusal={refusal} />
      <section aria-labelledby="invoices-title">
        <h2 id="invoices-title">{w.invoices}</h2>
        <table id="customer-invoices">
          <thead>
            <tr>
              <th scope="col">{w.invoice}</th>
              <th scope="col">{w.due}</th>
              <th scope="col" class="num">
                {w.daysLate}
              </th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col" class="num">
                {w.balance}
              </th>
              <th scope="col">{w.stage}</th>
            </tr>
          </thead>
          <tbody>
            {customer.invoices.map((invoice) => (
              <tr key={invoice.id}>
                <th scope="row">
                  <a href={`/app/invoices/${encodeURIComponent(invoice.id)}`}>{invoice.id}</a>
                </th>
                <td>{date(invoice.dueDate, ctx.locale)}</td>
                <td class="num">{invoice.status === 'open' ? daysLate(invoice.dueDate, props.now) : '—'}</td>
                <td class="num">{money(invoice.amount, invoice.currency, ctx.locale)}</td>
                <td class="num">{money(invoice.balance, invoice.currency, ctx.locale)}</td>
                <td>
                  <span class={`stage stage-${invoice.stage}`}>{invoice.stage}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Payments ctx={ctx} customer={customer} />
      {(canWrite || may(ctx, 'pay')) && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">{w.actions}</h2>
          <div class="actions">
            {canWrite && (
              <details open={refusal?.form === 'hold'}>
                <summary>{w.placeHold}</summary>
                <form method="post" action={`${customerPath(id)}/hold`} id="hold-form">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="formKey" value={randomUUID()} />
                  <SelectField
                    form="hold"
                    refusal={refusal}
                    name="kind"
                    label={w.kind}
                    options={CUSTOMER_HOLD_KINDS.map((kind) => [kind, (w as Record<string, string>)[kind] ?? kind])}
                  />
                  <Field form="hold" refusal={refusal} name="reason" label={w.reason} required />
                  <Field form="hold" refusal={refusal} name="until" label={w.untilOptional} type="date" />
                  <button type="submit">{w.placeHold}</button>
                </form>
              </details>
            )}
            {may(ctx, 'pay') && (
              <details open={refusal?.form === 'payment'}>
                <summary>{w.recordPayment}</summary>
                <form method="post" action={`${customerPath(id)}/payment`} id="payment-form">
                  <CsrfField ctx={ctx} />
                  <Field form="payment" refusal={refusal} name="paymentId" label={w.paymentId} required />
                  <Field
                    form="payment"
                    refusal={refusal}
                    name="amount"
                    label={w.amount}
                    inputMode="decimal"
                    hint={w.amountHint}
                    required
                  />
                  <Field
                    form="payment"
                    refusal={refusal}
                    name="currency"
                    label={w.currency}
                    value={currencies[0] ?? 'EUR'}
                    required
                  />
                  <Field
                    form="payment"
                    refusal={refusal}
                    name="receivedAt"
                    label={w.receivedAt}
                    type="datetime-local"
                    value={DateTime.fromJSDate(props.now).setZone(CONSOLE_TIMEZONE).toFormat("yyyy-MM-dd'T'HH:mm")}
                    required
                  />
                  <Field form="payment" refusal={refusal} name="reference" label={w.reference} hint={w.referenceHint} />
                  <button type="submit">{w.recordPayment}</button>
                </form>
              </details>
            )}
          </div>
        </section>
      )}
    </Layout>
  );
}

function Insolvency(props: { ctx: PageContext; customer: Customer; refusal: Refusal | undefined }): VNode {
  const { ctx, customer, refusal } = props;
  const w = customerWords[ctx.locale];
  const words = w as Record<string, string>;
  const procedure = customer.insolvency;
  const path = customerPath(customer.customerId);
  return (
    <section aria-labelledby="insolvency-title">
      <h2 id="insolvency-title">{w.insolvency}</h2>
      {procedure ? (
        <>
          <p id="insolvency-procedure">
            <span class="stage stage-insolvency">{words[procedure.procedure] ?? procedure.procedure}</span>{' '}
            {`${w.openedOn} ${date(procedure.openedOn, ctx.locale)} · ${w.publishedOn} ${date(procedure.publishedOn, ctx.locale)} · ${w.declareBy} ${date(procedure.declareBy, ctx.locale)}`}
          </p>
          {procedure.claims.length > 0 && (
            <table id="insolvency-claims">
              <caption>{w.claims}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.invoice}</th>
                  <th scope="col" class="num">
                    {w.principal}
                  </th>
                  <th scope="col" class="num">
                    {w.interest}
                  </th>
                  <th scope="col" class="num">
                    {w.indemnity}
                  </th>
                </tr>
              </thead>
              <tbody>
                {procedure.claims.map((claim) => (
                  <tr key={claim.invoiceId}>
                    <th scope="row">{claim.invoiceId}</th>
                    <td class="num">{money(claim.principal, claim.currency, ctx.locale)}</td>
                    <td class="num">
                      {claim.interest === null ? '—' : money(claim.interest, claim.currency, ctx.locale)}
                    </td>
                    <td class="num">
                      {claim.indemnity === null ? '—' : money(claim.indemnity, claim.currency, ctx.locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {may(ctx, 'write') && (
            <details open={refusal?.form === 'insolvency-close'}>
              <summary>{w.closeInsolvency}</summary>
              <form method="post" action={`${path}/insolvency-close`} id="insolvency-close-form">
                <CsrfField ctx={ctx} />
                <SelectField
                  form="insolvency-close"
                  refusal={refusal}
                  name="outcome"
                  label={w.outcome}
                  options={INSOLVENCY_OUTCOMES.map((outcome) => [outcome, words[outcome] ?? outcome])}
                />
                <TextAreaField form="insolvency-close" refusal={refusal} name="note" label={w.note} rows={2} />
                <button type="submit">{w.closeInsolvency}</button>
              </form>
            </details>
          )}
        </>
      ) : (
        <>
          <p>{w.noInsolvency}</p>
          {may(ctx, 'write') && (
            <details open={refusal?.form === 'insolvency'}>
              <summary>{w.openInsolvency}</summary>
              <form method="post" action={`${path}/insolvency`} id="insolvency-form">
                <CsrfField ctx={ctx} />
                <SelectField
                  form="insolvency"
                  refusal={refusal}
                  name="procedure"
                  label={w.procedure}
                  options={INSOLVENCY_PROCEDURES.map((one) => [one, words[one] ?? one])}
                />
                <Field form="insolvency" refusal={refusal} name="openedOn" label={w.openedOn} type="date" required />
                <Field
                  form="insolvency"
                  refusal={refusal}
                  name="publishedOn"
                  label={w.publishedOn}
                  type="date"
                  required
                />
                <button type="submit">{w.openInsolvency}</button>
              </form>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function Payments(props: { ctx: PageContext; customer: Customer }): VNode {
  const { ctx } = props;
  const w = customerWords[ctx.locale];
  const payments = props.customer.payments;
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{w.payments}</h2>
      {payments.length === 0 ? (
        <p>{w.noPayments}</p>
      ) : (
        <table id="customer-payments">
          <thead>
            <tr>
              <th scope="col">{w.paymentId}</th>
              <th scope="col">{w.receivedAt}</th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col">{w.reference}</th>
              <th scope="col">{w.shares}</th>
              <th scope="col" class="num">
                {w.credit}
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr key={payment.paymentId}>
                <th scope="row">
                  {payment.paymentId}
                  {payment.reversedAt && <span class="stage"> {w.reversed}</span>}
                </th>
                <td>{date(payment.receivedAt, ctx.locale)}</td>
                <td class="num">{money(payment.amount, payment.currency, ctx.locale)}</td>
                <td>{payment.reference ?? '—'}</td>
                <td>
                  {payment.shares
                    .map((share) => `${share.invoiceId}: ${money(share.amount, payment.currency, ctx.locale)}`)
                    .join(', ') || '—'}
                </td>
                <td class="num">{money(payment.credit, payment.currency, ctx.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
