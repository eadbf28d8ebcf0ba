import type { VNode } from 'preact';
import type { CommunicationRow } from '../../../db/communications';
import type { InvoiceState, NextActionKind, StepRecord, TimelineEntry } from '../../../workflows/read-model';
import type { InvoiceResource } from '../../invoices/invoice-resource';
import { date as when, type Dictionary, money } from '../console-locale';
import { Layout, type PageContext, ProblemNotice } from '../layout';
import { type ActionContext, InvoiceActions, type InvoiceAction, type PostedForm } from './invoice-actions';
import { StageBadge, STATUS_NAMES } from './invoice-stage';

export interface DocumentItem {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
  createdAt: string;
}

export interface InvoiceView {
  invoice: InvoiceResource & { state: InvoiceState | null };
  communications: CommunicationRow[];
  documents: DocumentItem[];
  policies: { id: string; name: string }[];
  done?: InvoiceAction | undefined;
  posted?: PostedForm | undefined;
  now: Date;
}

type Word =
  | 'title'
  | 'facts'
  | 'customer'
  | 'email'
  | 'phone'
  | 'address'
  | 'amount'
  | 'issueDate'
  | 'dueDate'
  | 'governingLaw'
  | 'policy'
  | 'live'
  | 'stage'
  | 'status'
  | 'balance'
  | 'credit'
  | 'nextAction'
  | 'nothingScheduled'
  | 'promise'
  | 'plan'
  | 'dispute'
  | 'hold'
  | 'customerHolds'
  | 'insolvency'
  | 'legalFile'
  | 'blocked'
  | 'approval'
  | 'paymentClaim'
  | 'planRequest'
  | 'noState'
  | 'payments'
  | 'noPayments'
  | 'paymentId'
  | 'receivedAt'
  | 'method'
  | 'reference'
  | 'reversed'
  | 'timeline'
  | 'when'
  | 'step'
  | 'result'
  | 'done'
  | 'planned'
  | 'tentative'
  | 'noTimeline'
  | 'trail'
  | 'time'
  | 'channel'
  | 'kind'
  | 'recipient'
  | 'template'
  | 'messageId'
  | 'by'
  | 'noTrail'
  | 'documents'
  | 'file'
  | 'size'
  | 'created'
  | 'noDocuments'
  | 'doneNotice'
  | 'by_'
  | 'since'
  | 'until'
  | 'instalment'
  | 'slaEnds';

const words: Dictionary<Word> = {
  fr: {
    title: 'Facture',
    facts: 'La facture',
    customer: 'Client',
    email: 'E-mail',
    phone: 'Téléphone',
    address: 'Adresse',
    amount: 'Montant',
    issueDate: 'Émise le',
    dueDate: 'Échéance',
    governingLaw: 'Loi applicable (retard de paiement)',
    policy: 'Politique de relance',
    live: 'État du recouvrement',
    stage: 'Étape',
    status: 'Statut',
    balance: 'Reste dû',
    credit: 'Avoir',
    nextAction: 'Prochaine action',
    nothingScheduled: 'Rien de prévu',
    promise: 'Promesse de paiement',
    plan: 'Échéancier',
    dispute: 'Contestation en cours',
    hold: 'Pause',
    customerHolds: 'Blocages du client',
    insolvency: 'Procédure collective',
    legalFile: 'Dossier contentieux',
    blocked: 'Étape en attente d’une personne',
    approval: 'Validation attendue',
    paymentClaim: 'Paiement annoncé par le client',
    planRequest: 'Échéancier demandé par le client',
    noState: 'Le workflow de cette facture ne répond pas : seules les données enregistrées sont affichées.',
    payments: 'Paiements',
    noPayments: 'Aucun paiement.',
    paymentId: 'Paiement',
    receivedAt: 'Reçu le',
    method: 'Moyen',
    reference: 'Référence',
    reversed: 'Annulé',
    timeline: 'Chronologie',
    when: 'Date',
    step: 'Étape',
    result: 'Résultat',
    done: 'Fait',
    planned: 'Prévu',
    tentative: 'Prévu (sous réserve)',
    noTimeline: 'Aucune étape passée ni prévue.',
    trail: 'Piste de preuve',
    time: 'Date',
    channel: 'Canal',
    kind: 'Nature',
    recipient: 'Destinataire',
    template: 'Modèle',
    messageId: 'Message-ID',
    by: 'Par',
    noTrail: 'Rien d’enregistré pour l’instant.',
    documents: 'Documents',
    file: 'Fichier',
    size: 'Taille',
    created: 'Créé le',
    noDocuments: 'Aucun document.',
    doneNotice: 'C’est enregistré :',
    by_: 'par',
    since: 'depuis le',
    until: 'jusqu’au',
    instalment: 'Échéance',
    slaEnds: 'à traiter avant le',
  },
  en: {
    title: 'Invoice',
    facts: 'The invoice',
    customer: 'Customer',
    email: 'E-mail',
    phone: 'Phone',
    address: 'Address',
    amount: 'Amount',
    issueDate: 'Issued on',
    dueDate: 'Due date',
    governingLaw: 'Governing law (late payment)',
    policy: 'Dunning policy',
    live: 'Collection state',
    stage: 'Stage',
    status: 'Status',
    balance: 'Balance',
    credit: 'Credit',
    nextAction: 'Next action',
    nothingScheduled: 'Nothing scheduled',
    promise: 'Promise to pay',
    plan: 'Instalment plan',
    dispute: 'Open dispute',
    hold: 'Pause',
    customerHolds: 'Customer holds',
    insolvency: 'Insolvency proceedings',
    legalFile: 'Legal file',
    blocked: 'Step waiting for a person',
    approval: 'Approval awaited',
    paymentClaim: 'Payment the customer reported',
    planRequest: 'Plan the customer asked for',
    noState: 'This invoice’s workflow does not answer: only the stored data is shown.',
    payments: 'Payments',
    noPayments: 'No payment.',
    paymentId: 'Payment',
    receivedAt: 'Received',
    method: 'Method',
    reference: 'Reference',
    reversed: 'Reversed',
    timeline: 'Timeline',
    when: 'Date',
    step: 'Step',
    result: 'Result',
    done: 'Done',
    planned: 'Planned',
    tentative: 'Planned (tentative)',
    noTimeline: 'No step taken or planned.',
    trail: 'Proof trail',
    time: 'Time',
    channel: 'Channel',
    kind: 'Kind',
    recipient: 'Recipient',
    template: 'Template',
    messageId: 'Message-ID',
    by: 'By',
    noTrail: 'Nothing recorded yet.',
    documents: 'Documents',
    file: 'File',
    size: 'Size',
    created: 'Created',
    noDocuments: 'No document.',
    doneNotice: 'Recorded:',
    by_: 'by',
    since: 'since',
    until: 'until',
    instalment: 'Instalment',
    slaEnds: 'to resolve by',
  },
};

const ACTION_NAMES: Dictionary<NextActionKind | 'blocked'> = {
  fr: {
    email: 'E-mail',
    phone_task: 'Appel',
    letter: 'Lettre recommandée',
    formal_notice: 'Mise en demeure',
    legal_file: 'Dossier contentieux',
    instalment_reminder: 'Rappel d’échéance',
    instalment_check: 'Contrôle d’échéance',
    promise_check: 'Contrôle de la promesse',
    dispute_sla: 'Délai de la contestation',
    hold_ends: 'Fin de la pause',
    close: 'Clôture',
    approval: 'Validation',
    resend: 'Renvoi',
    fix_contact: 'Coordonnées à corriger',
    legal_file_open: 'Dossier contentieux ouvert',
    payment_claim: 'Paiement annoncé à vérifier',
    plan_request: 'Échéancier demandé à décider',
    blocked: 'En attente d’une personne',
  },
  en: {
    email: 'E-mail',
    phone_task: 'Phone call',
    letter: 'Registered letter',
    formal_notice: 'Formal notice',
    legal_file: 'Legal file',
    instalment_reminder: 'Instalment reminder',
    instalment_check: 'Instalment check',
    promise_check: 'Promise check',
    dispute_sla: 'Dispute deadline',
    hold_ends: 'Pause ends',
    close: 'Closing',
    approval: 'Approval',
    resend: 'Re-send',
    fix_contact: 'Contact to correct',
    legal_file_open: 'Legal file open',
    payment_claim: 'Reported payment to check',
    plan_request: 'Requested plan to decide',
    blocked: 'Waiting for a person',
  },
};

const actionName = (action: string, locale: PageContext['locale']) =>
  ACTION_NAMES[locale][action as NextActionKind] ?? action;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function InvoicePage(props: { ctx: PageContext; view: InvoiceView }): VNode {
  const { ctx, view } = props;
  const { invoice } = view;
  const w = words[ctx.locale];
  const state = invoice.state;
  const actionContext: ActionContext = {
    invoiceId: invoice.id,
    currency: invoice.currency,
    status: state?.status ?? invoice.status,
    reversible: (state?.payments ?? [])
      .filter((p) => !p.reversed)
      .map((p) => ({
        paymentId: p.paymentId,
        label: `${p.paymentId} — ${money(p.amount, p.currency, ctx.locale)}`,
      })),
    disputed: Boolean(state?.dispute),
    held: Boolean(state?.hold),
    policies: view.policies,
    now: view.now,
  };
  return (
    <Layout ctx={ctx} title={`${w.title} ${invoice.id}`}>
      {view.done && (
        <p class="notice" role="status">
          {w.doneNotice} <DoneName ctx={ctx} action={view.done} />
        </p>
      )}
      <ProblemNotice ctx={ctx} problem={view.posted?.problem} />
      <div class="grid">
        <Facts ctx={ctx} invoice={invoice} />
        {state ? <LiveState ctx={ctx} state={state} /> : <p class="problem">{w.noState}</p>}
      </div>
      {state && <InvoiceActions ctx={ctx} invoice={actionContext} posted={view.posted} />}
      {state && <Payments ctx={ctx} state={state} />}
      {state && <Timeline ctx={ctx} state={state} />}
      <Trail ctx={ctx} rows={view.communications} />
      <Documents ctx={ctx} documents={view.documents} />
    </Layout>
  );
}

function DoneName(props: { ctx: PageContext; action: InvoiceAction }): VNode {
  // The action forms' own titles name what was done.
  return <strong data-testid="done-action">{DONE_NAMES[props.ctx.locale][props.action]}</strong>;
}

const DONE_NAMES: Dictionary<InvoiceAction> = {
  fr: {
    payment: 'paiement enregistré',
    reversal: 'paiement annulé',
    promise: 'promesse de paiement enregistrée',
    pause: 'relances mises en pause',
    resume: 'relances reprises',
    dispute: 'contestation enregistrée',
    'resolve-dispute': 'contestation tranchée',
    plan: 'échéancier enregistré',
    contact: 'coordonnées corrigées',
    policy: 'politique changée',
    cancel: 'facture annulée',
    'write-off': 'facture passée en perte',
  },
  en: {
    payment: 'payment recorded',
    reversal: 'payment reversed',
    promise: 'promise to pay recorded',
    pause: 'reminders paused',
    resume: 'reminders resumed',
    dispute: 'dispute recorded',
    'resolve-dispute': 'dispute resolved',
    plan: 'instalment plan agreed',
    contact: 'contact details corrected',
    policy: 'policy changed',
    cancel: 'invoice cancelled',
    'write-off': 'invoice written off',
  },
};

function Facts(props: { ctx: PageContext; invoice: InvoiceResource }): VNode {
  const { ctx, invoice } = props;
  const w = words[ctx.locale];
  const customer = invoice.customer;
  const address = customer.address as
    { lines?: string[]; postcode?: string; city?: string; country?: string } | undefined;
  const customerId = text(customer.id);
  return (
    <section aria-labelledby="facts-title">
      <h2 id="facts-title">{w.facts}</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">{w.customer}</th>
            <td>
              <a href={`/app/customers/${encodeURIComponent(customerId)}`}>{text(customer.name) || customerId}</a>{' '}
              <small>({customerId})</small>
            </td>
          </tr>
          <tr>
            <th scope="row">{w.email}</th>
            <td>{text(customer.email) || '—'}</td>
          </tr>
          <tr>
            <th scope="row">{w.phone}</th>
            <td>{text(customer.phone) || '—'}</td>
          </tr>
          <tr>
            <th scope="row">{w.address}</th>
            <td>
              {address
                ? [
                    ...(address.lines ?? []),
                    `${address.postcode ?? ''} ${address.city ?? ''}`,
                    address.country ?? '',
                  ].join(', ')
                : '—'}
            </td>
          </tr>
          <tr>
            <th scope="row">{w.amount}</th>
            <td>{money(invoice.amount, invoice.currency, ctx.locale)}</td>
          </tr>
          <tr>
            <th scope="row">{w.issueDate}</th>
            <td>{when(invoice.issueDate, ctx.locale)}</td>
          </tr>
          <tr>
            <th scope="row">{w.dueDate}</th>
            <td>{when(invoice.dueDate, ctx.locale)}</td>
          </tr>
          <tr>
            <th scope="row">{w.governingLaw}</th>
            <td>{invoice.governingLaw ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">{w.policy}</th>
            <td>
              {invoice.policy.id} v{invoice.policy.version}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function LiveState(props: { ctx: PageContext; state: InvoiceState }): VNode {
  const { ctx, state } = props;
  const w = words[ctx.locale];
  const m = (amount: number) => money(amount, state.currency, ctx.locale);
  const next = state.nextAction;
  const rows: [string, VNode | string][] = [
    [w.stage, <StageBadge key="stage" stage={state.stage} locale={ctx.locale} />],
    [w.status, STATUS_NAMES[ctx.locale][state.status] ?? state.status],
    [w.balance, `${m(state.balance)} / ${m(state.amount)}`],
  ];
  if (state.credit > 0) rows.push([w.credit, m(state.credit)]);
  rows.push([
    w.nextAction,
    next ? `${actionName(next.action, ctx.locale)} — ${when(next.at, ctx.locale)}` : w.nothingScheduled,
  ]);
  if (state.promise) {
    const p = state.promise;
    rows.push([
      w.promise,
      `${m(p.amount)} ${w.until} ${when(p.promisedDate, ctx.locale)}${p.promisedBy ? ` (${w.by_} ${p.promisedBy})` : ''}`,
    ]);
  }
  if (state.dispute) {
    const d = state.dispute;
    rows.push([
      w.dispute,
      `${d.reason} — ${w.since} ${when(d.raisedAt, ctx.locale)}, ${w.slaEnds} ${when(d.slaEndsAt, ctx.locale)}`,
    ]);
  }
  if (state.hold) {
    const h = state.hold;
    rows.push([
      w.hold,
      `${h.reason ?? ''} ${w.since} ${when(h.since, ctx.locale)}${h.until ? ` ${w.until} ${when(h.until, ctx.locale)}` : ''}`.trim(),
    ]);
  }
  for (const hold of state.customerHolds ?? []) {
    rows.push([w.customerHolds, `${hold.kind}: ${hold.reason} (${w.since} ${when(hold.since, ctx.locale)})`]);
  }
  if (state.insolvency)
    rows.push([w.insolvency, `${state.insolvency.procedure} — ${when(state.insolvency.openedOn, ctx.locale)}`]);
  if (state.legalFile) rows.push([w.legalFile, `${state.legalFile.id} (${state.legalFile.status})`]);
  if (state.blocked)
    rows.push([w.blocked, `${actionName(state.blocked.action, ctx.locale)}: ${state.blocked.message}`]);
  if (state.approval)
    rows.push([
      w.approval,
      `${actionName(state.approval.action, ctx.locale)} — ${when(state.approval.dueAt, ctx.locale)}`,
    ]);
  if (state.paymentClaim) {
    rows.push([w.paymentClaim, `${when(state.paymentClaim.paidOn, ctx.locale)} — ${state.paymentClaim.reference}`]);
  }
  if (state.planRequest) rows.push([w.planRequest, `${state.planRequest.instalments.length} × ${w.instalment}`]);
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">{w.live}</h2>
      <table data-testid="live-state">
        <tbody>
          {rows.map(([label, value], i) => (
            <tr key={i}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.plan && (
        <table>
          <caption>
            {w.plan} n°{state.plan.number} ({state.plan.status})
          </caption>
          <thead>
            <tr>
              <th scope="col">{w.instalment}</th>
              <th scope="col">{w.dueDate}</th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col" class="num">
                {w.receivedAt}
              </th>
              <th scope="col">{w.status}</th>
            </tr>
          </thead>
          <tbody>
            {state.plan.instalments.map((i) => (
              <tr key={i.index}>
                <th scope="row">{i.index + 1}</th>
                <td>{when(i.dueDate, ctx.locale)}</td>
                <td class="num">{m(i.amount)}</td>
                <td class="num">{m(i.paid)}</td>
                <td>{i.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Payments(props: { ctx: PageContext; state: InvoiceState }): VNode {
  const { ctx, state } = props;
  const w = words[ctx.locale];
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{w.payments}</h2>
      {state.payments.length === 0 ? (
        <p>{w.noPayments}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{w.paymentId}</th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col">{w.receivedAt}</th>
              <th scope="col">{w.method}</th>
              <th scope="col">{w.reference}</th>
              <th scope="col">{w.reversed}</th>
            </tr>
          </thead>
          <tbody>
            {state.payments.map((p) => (
              <tr key={p.paymentId}>
                <th scope="row">{p.paymentId}</th>
                <td class="num">{money(p.amount, p.currency, ctx.locale)}</td>
                <td>{when(p.receivedAt, ctx.locale)}</td>
                <td>{p.method ?? '—'}</td>
                <td>{p.reference ?? '—'}</td>
                <td>{p.reversed ? `${when(p.reversed.at, ctx.locale)} — ${p.reversed.reason}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The steps taken (the history) then those to come (the projected timeline), in the order they happen. */
function Timeline(props: { ctx: PageContext; state: InvoiceState }): VNode {
  const { ctx, state } = props;
  const w = words[ctx.locale];
  const rows: { at: string; action: string; template?: string | undefined; status: string; done: boolean }[] = [
    ...state.history.map((step: StepRecord) => ({
      at: step.at,
      action: step.action,
      template: step.template,
      status: `${w.done} — ${step.result}${step.detail ? ` (${step.detail})` : ''}`,
      done: true,
    })),
    ...state.timeline.map((entry: TimelineEntry) => ({
      at: entry.at,
      action: entry.action,
      template: entry.template,
      status: entry.tentative ? w.tentative : w.planned,
      done: false,
    })),
  ];
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{w.timeline}</h2>
      {rows.length === 0 ? (
        <p>{w.noTimeline}</p>
      ) : (
        <table data-testid="timeline">
          <thead>
            <tr>
              <th scope="col">{w.when}</th>
              <th scope="col">{w.step}</th>
              <th scope="col">{w.template}</th>
              <th scope="col">{w.result}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} class={row.done ? 'step-done' : 'step-planned'}>
                <td>{when(row.at, ctx.locale)}</td>
                <th scope="row">{actionName(row.action, ctx.locale)}</th>
                <td>{row.template ?? '—'}</td>
                <td>{row.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Trail(props: { ctx: PageContext; rows: CommunicationRow[] }): VNode {
  const { ctx, rows } = props;
  const w = words[ctx.locale];
  return (
    <section aria-labelledby="trail-title">
      <h2 id="trail-title">{w.trail}</h2>
      {rows.length === 0 ? (
        <p>{w.noTrail}</p>
      ) : (
        <div class="overflow-auto">
          <table data-testid="proof-trail" class="striped">
            <thead>
              <tr>
                <th scope="col">{w.time}</th>
                <th scope="col">{w.channel}</th>
                <th scope="col">{w.kind}</th>
                <th scope="col">{w.recipient}</th>
                <th scope="col">{w.template}</th>
                <th scope="col">{w.messageId}</th>
                <th scope="col">{w.result}</th>
                <th scope="col">{w.by}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{when(row.occurredAt, ctx.locale)}</td>
                  <td>{row.channel}</td>
                  <th scope="row">
                    <code>{row.kind}</code>
                  </th>
                  <td>{row.recipient ?? '—'}</td>
                  <td>{row.template ?? '—'}</td>
                  <td class="message-id">{row.messageId ?? '—'}</td>
                  <td>{row.result}</td>
                  <td>{text(row.detail?.by) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Documents(props: { ctx: PageContext; documents: DocumentItem[] }): VNode {
  const { ctx, documents } = props;
  const w = words[ctx.locale];
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{w.documents}</h2>
      {documents.length === 0 ? (
        <p>{w.noDocuments}</p>
      ) : (
        <table data-testid="documents">
          <thead>
            <tr>
              <th scope="col">{w.file}</th>
              <th scope="col">{w.kind}</th>
              <th scope="col" class="num">
                {w.size}
              </th>
              <th scope="col">{w.created}</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <a href={`/app/documents/${encodeURIComponent(d.id)}`} target="_blank" rel="noopener">
                    {d.filename}
                  </a>
                </th>
                <td>{d.kind}</td>
                <td class="num">{`${Math.max(1, Math.round(d.size / 1024))} KiB`}</td>
                <td>{when(d.createdAt, ctx.locale)}</td>
                <td>
                  <code title={d.sha256}>{d.sha256.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
