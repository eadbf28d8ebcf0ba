import { type Request, type Response, Router } from 'express';
import type { VNode } from 'preact';
import { consoleApi } from '../console-api';
import { consoleLocale, type Dictionary, money, date } from '../console-locale';
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
  TextAreaField,
  typed,
} from './tasks-form-fields';

/** A settlement the webhook could not apply, as `GET /v1/webhooks/payments/unmatched` answers it. */
interface UnmatchedPayment {
  eventId: string;
  type: string;
  invoiceId: string;
  paymentId: string;
  status: string;
  payload: Record<string, unknown>;
  detail: string | null;
  receivedAt: string;
}

const words: Dictionary<
  | 'title'
  | 'intro'
  | 'none'
  | 'received'
  | 'payment'
  | 'amount'
  | 'named'
  | 'reference'
  | 'why'
  | 'actions'
  | 'match'
  | 'matchTo'
  | 'matchHint'
  | 'dismiss'
  | 'reason'
  | 'matched'
  | 'dismissed'
  | 'more'
> = {
  fr: {
    title: 'Paiements non rapprochés',
    intro: 'Règlements reçus par le webhook qui n’ont pu être appliqués à aucune facture.',
    none: 'Aucun paiement en attente de rapprochement.',
    received: 'Reçu le',
    payment: 'Paiement',
    amount: 'Montant',
    named: 'Facture indiquée',
    reference: 'Référence',
    why: 'Motif',
    actions: 'Actions',
    match: 'Rapprocher',
    matchTo: 'Numéro de facture',
    matchHint: 'Le paiement est appliqué à cette facture.',
    dismiss: 'Écarter',
    reason: 'Motif (facultatif)',
    matched: 'Le paiement est appliqué à la facture.',
    dismissed: 'Le paiement est écarté.',
    more: 'Suivants',
  },
  en: {
    title: 'Unmatched payments',
    intro: 'Settlements the webhook received that could not be applied to any invoice.',
    none: 'No payment waits to be matched.',
    received: 'Received',
    payment: 'Payment',
    amount: 'Amount',
    named: 'Invoice named',
    reference: 'Reference',
    why: 'Why',
    actions: 'Actions',
    match: 'Match',
    matchTo: 'Invoice number',
    matchHint: 'The payment is applied to this invoice.',
    dismiss: 'Dismiss',
    reason: 'Reason (optional)',
    matched: 'The payment is applied to the invoice.',
    dismissed: 'The payment is dismissed.',
    more: 'Next',
  },
};

const eventPath = (eventId: string) => `/webhooks/payments/unmatched/${encodeURIComponent(eventId)}/match`;

/** `/app/payments`: the settlements no invoice took, each matched to an invoice or dismissed. */
export function createPaymentsPages(_deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/payments', async (req, res) => {
    await showUnmatched(req, res, undefined);
  });

  router.post('/payments/:eventId/match', async (req, res) => {
    const eventId = String(req.params.eventId);
    const values = formValues(req);
    const answer = await consoleApi(req).post(eventPath(eventId), { invoiceId: values.invoiceId?.trim() ?? '' });
    const refusal = refusalOf(`match-${eventId}`, values, answer);
    if (!refusal) return redirectDone(res, '/app/payments', 'match');
    await showUnmatched(req, res, refusal);
  });

  router.post('/payments/:eventId/dismiss', async (req, res) => {
    const eventId = String(req.params.eventId);
    const values = formValues(req);
    const note = typed(values, 'note');
    const answer = await consoleApi(req).post(eventPath(eventId), { dismiss: true, ...(note ? { note } : {}) });
    const refusal = refusalOf(`dismiss-${eventId}`, values, answer);
    if (!refusal) return redirectDone(res, '/app/payments', 'dismiss');
    await showUnmatched(req, res, refusal);
  });

  return router;
}

async function showUnmatched(req: Request, res: Response, refusal: Refusal | undefined) {
  const ctx: PageContext = { locale: consoleLocale(req), caller: req.console, path: '/app/payments' };
  const w = words[ctx.locale];
  const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
  const answer = await consoleApi(req).get<{ items: UnmatchedPayment[]; nextCursor: string | null }>(
    '/webhooks/payments/unmatched',
    { cursor },
  );
  const notice = doneAction(req, { match: w.matched, dismiss: w.dismissed });
  renderPage(
    res,
    <UnmatchedPage
      ctx={ctx}
      items={answer.ok ? answer.body.items : []}
      nextCursor={answer.ok ? answer.body.nextCursor : null}
      notice={notice}
      refusal={
        refusal ?? (answer.problem && { form: 'list', values: {}, problem: answer.problem, status: answer.status })
      }
    />,
    refusal?.status ?? answer.status,
  );
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

function UnmatchedPage(props: {
  ctx: PageContext;
  items: UnmatchedPayment[];
  nextCursor: string | null;
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, refusal } = props;
  const w = words[ctx.locale];
  const canMatch = may(ctx, 'pay');
  const canDismiss = may(ctx, 'write');
  return (
    <Layout ctx={ctx} title={w.title}>
      <p>{w.intro}</p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={refusal?.problem} />
      {props.items.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <table id="unmatched-payments">
          <thead>
            <tr>
              <th scope="col">{w.payment}</th>
              <th scope="col">{w.received}</th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col">{w.named}</th>
              <th scope="col">{w.reference}</th>
              <th scope="col">{w.why}</th>
              {(canMatch || canDismiss) && <th scope="col">{w.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => {
              const amount = typeof item.payload.amount === 'number' ? item.payload.amount : undefined;
              const currency = text(item.payload.currency);
              const match = `match-${item.eventId}`;
              const dismiss = `dismiss-${item.eventId}`;
              return (
                <tr key={item.eventId} data-testid={`unmatched-${item.eventId}`}>
                  <th scope="row">
                    {item.paymentId}
                    <br />
                    <small>{item.eventId}</small>
                  </th>
                  <td>{date(item.receivedAt, ctx.locale)}</td>
                  <td class="num">{amount !== undefined && currency ? money(amount, currency, ctx.locale) : '—'}</td>
                  <td>{item.invoiceId || text(item.payload.customerId) || '—'}</td>
                  <td>{text(item.payload.reference) ?? '—'}</td>
                  <td>{item.detail ?? item.status}</td>
                  {(canMatch || canDismiss) && (
                    <td>
                      {canMatch && (
                        <details open={refusal?.form === match}>
                          <summary>{w.match}</summary>
                          <form
                            method="post"
                            action={`/app/payments/${encodeURIComponent(item.eventId)}/match`}
                            id={`${match}-form`}
                          >
                            <CsrfField ctx={ctx} />
                            <Field
                              form={match}
                              refusal={refusal}
                              name="invoiceId"
                              label={w.matchTo}
                              hint={w.matchHint}
                              required
                            />
                            <button type="submit">{w.match}</button>
                          </form>
                        </details>
                      )}
                      {canDismiss && (
                        <details open={refusal?.form === dismiss}>
                          <summary>{w.dismiss}</summary>
                          <form
                            method="post"
                            action={`/app/payments/${encodeURIComponent(item.eventId)}/dismiss`}
                            id={`${dismiss}-form`}
                          >
                            <CsrfField ctx={ctx} />
                            <TextAreaField form={dismiss} refusal={refusal} name="note" label={w.reason} rows={2} />
                            <button type="submit" class="secondary">
                              {w.dismiss}
                            </button>
                          </form>
                        </details>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {props.nextCursor && (
        <p>
          <a href={`/app/payments?${new URLSearchParams({ cursor: props.nextCursor })}`} rel="next">
            {w.more}
          </a>
        </p>
      )}
    </Layout>
  );
}
