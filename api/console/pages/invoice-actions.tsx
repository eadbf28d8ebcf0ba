import type { ComponentChildren, VNode } from 'preact';
import type { Permission } from '../../http/auth';
import type { Problem } from '../console-api';
import type { ConsoleLocale, Dictionary } from '../console-locale';
import { formText, moneyField } from '../form-values';
import { CsrfField, fieldError, may, type PageContext } from '../layout';

/** The actions of an invoice the console offers, each one endpoint of `/v1/invoices/{id}`. */
export const INVOICE_ACTIONS = [
  'payment',
  'reversal',
  'promise',
  'pause',
  'resume',
  'dispute',
  'resolve-dispute',
  'plan',
  'contact',
  'policy',
  'cancel',
  'write-off',
] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export const isInvoiceAction = (value: string): value is InvoiceAction =>
  (INVOICE_ACTIONS as readonly string[]).includes(value);

/** The rows of the instalment plan form; empty ones are left out. */
export const PLAN_ROWS = 6;

/** What an action form needs to know of the invoice. */
export interface ActionContext {
  invoiceId: string;
  currency: string;
  status: string;
  /** Payments not reversed yet: what a reversal may name. */
  reversible: { paymentId: string; label: string }[];
  disputed: boolean;
  held: boolean;
  policies: { id: string; name: string }[];
  now: Date;
}

/** The form just posted, when the API refused it: its typed values and the refusal, shown on that form. */
export interface PostedForm {
  action: InvoiceAction;
  values: Record<string, string>;
  problem?: Problem;
}

type Body = Record<string, unknown>;
type Built = { body: Body; problem?: undefined } | { body?: undefined; problem: Problem };

interface ActionSpec {
  path: string;
  permission: Permission;
  build(form: unknown, invoice: Pick<ActionContext, 'currency' | 'now'>): Built;
}

/** A calendar date typed in a date field; what the API takes as a date. */
const dateField = (form: unknown, name: string) => formText(form, name);

/** A whole number field: the number, or the text as typed so the API's refusal names the field. */
function integerField(form: unknown, name: string): number | string | undefined {
  const text = formText(form, name);
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : text;
}

/** A payment's day as an instant: now when it is today, else noon UTC of that day (the same calendar day in Europe). */
function receivedAt(text: string | undefined, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (text === undefined || text === today) return now.toISOString().replace(/\.\d+Z$/, 'Z');
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text;
}

const compact = (body: Body): Body => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));

/** An amount field read in the invoice's currency, or the refusal to show without calling the API. */
function withAmounts(form: unknown, currency: string, fields: Record<string, string>, body: Body): Built {
  const amounts: Body = {};
  for (const [name, apiField] of Object.entries(fields)) {
    const { amount, problem } = moneyField(form, name, currency, apiField);
    if (problem) return { problem };
    amounts[apiField] = amount;
  }
  return { body: compact({ ...body, ...amounts }) };
}

export const ACTION_SPECS: Record<InvoiceAction, ActionSpec> = {
  payment: {
    path: 'payments',
    permission: 'pay',
    build: (form, { currency, now }) =>
      withAmounts(
        form,
        currency,
        { amount: 'amount' },
        {
          paymentId: formText(form, 'paymentId'),
          currency,
          receivedAt: receivedAt(dateField(form, 'receivedAt'), now),
          method: formText(form, 'method'),
          reference: formText(form, 'reference'),
        },
      ),
  },
  reversal: {
    path: 'payment-reversals',
    permission: 'pay',
    build: (form) => ({ body: compact({ paymentId: formText(form, 'paymentId'), reason: formText(form, 'reason') }) }),
  },
  promise: {
    path: 'promise-to-pay',
    permission: 'write',
    build: (form, { currency }) =>
      withAmounts(form, currency, { amount: 'amount' }, { promisedDate: dateField(form, 'promisedDate') }),
  },
  pause: {
    path: 'pause',
    permission: 'write',
    build: (form) => ({ body: compact({ reason: formText(form, 'reason'), until: dateField(form, 'until') }) }),
  },
  resume: {
    path: 'resume',
    permission: 'write',
    build: (form) => ({ body: compact({ reason: formText(form, 'reason') }) }),
  },
  dispute: {
    path: 'disputes',
    permission: 'write',
    build: (form) => ({ body: compact({ reason: formText(form, 'reason') }) }),
  },
  'resolve-dispute': {
    path: 'disputes/resolve',
    permission: 'write',
    build: (form, { currency }) =>
      withAmounts(
        form,
        currency,
        { creditAmount: 'creditAmount' },
        { outcome: formText(form, 'outcome'), note: formText(form, 'note') },
      ),
  },
  plan: {
    path: 'instalment-plan',
    permission: 'write',
    build: (form, { currency }) => {
      const instalments: Body[] = [];
      for (let row = 0; row < PLAN_ROWS; row++) {
        const dueDate = dateField(form, `dueDate${row}`);
        if (dueDate === undefined && formText(form, `amount${row}`) === undefined) continue;
        const apiField = `instalments[${instalments.length}].amount`;
        const { amount, problem } = moneyField(form, `amount${row}`, currency, apiField);
        if (problem) return { problem };
        instalments.push(compact({ dueDate, amount }));
      }
      return { body: { instalments } };
    },
  },
  contact: {
    path: 'contact',
    permission: 'write',
    build: (form) => {
      const lines = (formText(form, 'addressLines') ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      const postcode = formText(form, 'postcode');
      const city = formText(form, 'city');
      const country = formText(form, 'country');
      const anyAddress = lines.length > 0 || postcode || city || country;
      const address = anyAddress ? compact({ lines, postcode, city, country: country?.toUpperCase() }) : undefined;
      return { body: compact({ email: formText(form, 'email'), phone: formText(form, 'phone'), address }) };
    },
  },
  policy: {
    path: 'policy',
    permission: 'write',
    build: (form) => ({
      body: compact({
        policyId: formText(form, 'policyId'),
        version: integerField(form, 'version'),
        fromStep: integerField(form, 'fromStep'),
        reason: formText(form, 'reason'),
      }),
    }),
  },
  cancel: {
    path: 'cancel',
    permission: 'write',
    build: (form) => ({ body: compact({ reason: formText(form, 'reason') }) }),
  },
  'write-off': {
    path: 'write-off',
    permission: 'write',
    build: (form) => ({ body: compact({ reason: formText(form, 'reason') }) }),
  },
};

/** The row of the plan form an API field such as `instalments[1].amount` speaks of, given the rows that were sent. */
function planFieldOwner(values: Record<string, string>): Record<string, string> {
  const owners: Record<string, string> = {};
  let sent = 0;
  for (let row = 0; row < PLAN_ROWS; row++) {
    if (!values[`dueDate${row}`]?.trim() && !values[`amount${row}`]?.trim()) continue;
    owners[`dueDate${row}`] = `instalments[${sent}].dueDate`;
    owners[`amount${row}`] = `instalments[${sent}].amount`;
    sent++;
  }
  return owners;
}

type Word =
  | InvoiceAction
  | 'actions'
  | 'submit'
  | 'paymentId'
  | 'amount'
  | 'amountIn'
  | 'optional'
  | 'receivedAt'
  | 'method'
  | 'reference'
  | 'reason'
  | 'promisedDate'
  | 'until'
  | 'outcome'
  | 'rejected'
  | 'upheld'
  | 'partially_upheld'
  | 'creditAmount'
  | 'note'
  | 'dueDate'
  | 'row'
  | 'planHint'
  | 'email'
  | 'phone'
  | 'addressLines'
  | 'postcode'
  | 'city'
  | 'country'
  | 'policyId'
  | 'version'
  | 'fromStep'
  | 'latest'
  | 'choose';

const words: Dictionary<Word> = {
  fr: {
    actions: 'Actions',
    submit: 'Valider',
    payment: 'Enregistrer un paiement',
    reversal: 'Annuler un paiement (rejet, impayé)',
    promise: 'Promesse de paiement',
    pause: 'Mettre en pause',
    resume: 'Reprendre les relances',
    dispute: 'Enregistrer une contestation',
    'resolve-dispute': 'Trancher la contestation',
    plan: 'Échéancier',
    contact: 'Corriger les coordonnées',
    policy: 'Changer de politique',
    cancel: 'Annuler la facture (avoir)',
    'write-off': 'Passer en perte',
    paymentId: 'Identifiant du paiement',
    amount: 'Montant',
    amountIn: 'en',
    optional: 'facultatif',
    receivedAt: 'Reçu le',
    method: 'Moyen de paiement',
    reference: 'Référence',
    reason: 'Motif',
    promisedDate: 'Date promise',
    until: 'Jusqu’au',
    outcome: 'Décision',
    rejected: 'Rejetée : les relances reprennent',
    upheld: 'Fondée : la facture est annulée',
    partially_upheld: 'Partiellement fondée : avoir partiel',
    creditAmount: 'Montant de l’avoir',
    note: 'Note',
    dueDate: 'Échéance',
    row: 'Échéance n°',
    planHint: 'Les échéances doivent totaliser le reste dû ; les lignes vides sont ignorées.',
    email: 'E-mail',
    phone: 'Téléphone',
    addressLines: 'Adresse (une ligne par ligne d’enveloppe, 4 au plus)',
    postcode: 'Code postal',
    city: 'Ville',
    country: 'Pays (code ISO, ex. FR)',
    policyId: 'Politique',
    version: 'Version',
    fromStep: 'À partir de l’étape n°',
    latest: 'la plus récente',
    choose: 'Choisir…',
  },
  en: {
    actions: 'Actions',
    submit: 'Submit',
    payment: 'Record a payment',
    reversal: 'Reverse a payment (bounce, chargeback)',
    promise: 'Promise to pay',
    pause: 'Pause',
    resume: 'Resume reminders',
    dispute: 'Record a dispute',
    'resolve-dispute': 'Resolve the dispute',
    plan: 'Instalment plan',
    contact: 'Correct the contact details',
    policy: 'Move to another policy',
    cancel: 'Cancel the invoice (credit note)',
    'write-off': 'Write off',
    paymentId: 'Payment id',
    amount: 'Amount',
    amountIn: 'in',
    optional: 'optional',
    receivedAt: 'Received on',
    method: 'Method',
    reference: 'Reference',
    reason: 'Reason',
    promisedDate: 'Promised date',
    until: 'Until',
    outcome: 'Outcome',
    rejected: 'Rejected: reminders resume',
    upheld: 'Upheld: the invoice is cancelled',
    partially_upheld: 'Partially upheld: partial credit',
    creditAmount: 'Credit amount',
    note: 'Note',
    dueDate: 'Due date',
    row: 'Instalment',
    planHint: 'The instalments must add up to the balance; empty rows are ignored.',
    email: 'E-mail',
    phone: 'Phone',
    addressLines: 'Address (one line per envelope line, at most 4)',
    postcode: 'Postcode',
    city: 'City',
    country: 'Country (ISO code, e.g. FR)',
    policyId: 'Policy',
    version: 'Version',
    fromStep: 'From step number',
    latest: 'the latest',
    choose: 'Choose…',
  },
};

/** One form's state while rendering: its typed values and the refusal, when it was the form posted. */
interface FormState {
  action: InvoiceAction;
  locale: ConsoleLocale;
  values: Record<string, string>;
  problem?: Problem | undefined;
  /** Input name → the API's field, where they differ. */
  apiFields: Record<string, string>;
}

function Field(props: {
  f: FormState;
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  hint?: string;
  inputMode?: 'decimal' | 'numeric' | 'email' | 'tel';
  list?: string;
  value?: string;
  autocomplete?: string;
}): VNode {
  const { f, name } = props;
  const id = `${f.action}-${name}`;
  const error = fieldError(f.problem, f.apiFields[name] ?? name);
  const described = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={name}
        type={props.type ?? 'text'}
        value={f.values[name] ?? props.value ?? ''}
        required={props.required}
        inputMode={props.inputMode}
        list={props.list}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </div>
  );
}

function Choice(props: {
  f: FormState;
  name: string;
  label: string;
  options: [string, string][];
  required?: boolean;
  placeholder?: string;
}): VNode {
  const { f, name } = props;
  const id = `${f.action}-${name}`;
  const error = fieldError(f.problem, f.apiFields[name] ?? name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map(([value, text]) => (
          <option key={value} value={value} selected={f.values[name] === value}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </div>
  );
}

function TextArea(props: { f: FormState; name: string; label: string; rows?: number; apiField?: string }): VNode {
  const { f, name } = props;
  const id = `${f.action}-${name}`;
  const error =
    fieldError(f.problem, f.apiFields[name] ?? name) ??
    f.problem?.errors?.find((issue) => props.apiField && issue.field.startsWith(props.apiField))?.message;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={name}
        rows={props.rows ?? 2}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {f.values[name] ?? ''}
      </textarea>
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </div>
  );
}

/** One action: a collapsible form (open when it was just refused) posting to the console, which calls the API. */
function ActionForm(props: {
  ctx: PageContext;
  invoiceId: string;
  f: FormState;
  children: ComponentChildren;
  danger?: boolean;
}): VNode {
  const { ctx, f } = props;
  const w = words[ctx.locale];
  return (
    <details open={f.problem !== undefined} data-action={f.action}>
      <summary>{w[f.action]}</summary>
      <form
        method="post"
        action={`/app/invoices/${encodeURIComponent(props.invoiceId)}/actions/${f.action}`}
        id={`${f.action}-form`}
        aria-label={w[f.action]}
      >
        <CsrfField ctx={ctx} />
        {props.children}
        <button type="submit" class={props.danger ? 'secondary' : undefined}>
          {w[f.action]}
        </button>
      </form>
    </details>
  );
}

/** Which actions the state allows and the role may take: the API would refuse the others anyway. */
export function offeredActions(ctx: PageContext, invoice: ActionContext): InvoiceAction[] {
  const open = invoice.status === 'open';
  const offered: Record<InvoiceAction, boolean> = {
    payment: open,
    reversal: invoice.reversible.length > 0,
    promise: open,
    pause: open && !invoice.held,
    resume: open && invoice.held,
    dispute: open && !invoice.disputed,
    'resolve-dispute': open && invoice.disputed,
    plan: open,
    contact: open,
    policy: open,
    cancel: open,
    'write-off': open,
  };
  return INVOICE_ACTIONS.filter((action) => offered[action] && may(ctx, ACTION_SPECS[action].permission));
}

/** Every action the signed-in person may take on this invoice now, each as its form. */
export function InvoiceActions(props: { ctx: PageContext; invoice: ActionContext; posted?: PostedForm }): VNode | null {
  const { ctx, invoice, posted } = props;
  const actions = offeredActions(ctx, invoice);
  if (actions.length === 0) return null;
  const w = words[ctx.locale];
  const state = (action: InvoiceAction): FormState => {
    const mine = posted?.action === action;
    const values = mine ? posted.values : {};
    return {
      action,
      locale: ctx.locale,
      values,
      problem: mine ? posted.problem : undefined,
      apiFields: action === 'plan' ? planFieldOwner(values) : CONTACT_FIELDS,
    };
  };
  const amountLabel = (label: string, optional = false) =>
    `${label} (${w.amountIn} ${invoice.currency}${optional ? `, ${w.optional}` : ''})`;
  const today = invoice.now.toISOString().slice(0, 10);
  const forms: Record<InvoiceAction, () => VNode> = {
    payment: () => {
      const f = state('payment');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="paymentId" label={w.paymentId} required />
          <Field f={f} name="amount" label={amountLabel(w.amount)} required inputMode="decimal" />
          <Field f={f} name="receivedAt" label={w.receivedAt} type="date" value={today} />
          <Field f={f} name="method" label={`${w.method} (${w.optional})`} />
          <Field f={f} name="reference" label={`${w.reference} (${w.optional})`} />
        </ActionForm>
      );
    },
    reversal: () => {
      const f = state('reversal');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f} danger>
          <Choice
            f={f}
            name="paymentId"
            label={w.paymentId}
            required
            options={invoice.reversible.map((p) => [p.paymentId, p.label])}
          />
          <Field f={f} name="reason" label={w.reason} required />
        </ActionForm>
      );
    },
    promise: () => {
      const f = state('promise');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="promisedDate" label={w.promisedDate} type="date" required />
          <Field f={f} name="amount" label={amountLabel(w.amount, true)} inputMode="decimal" />
        </ActionForm>
      );
    },
    pause: () => {
      const f = state('pause');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="reason" label={`${w.reason} (${w.optional})`} />
          <Field f={f} name="until" label={`${w.until} (${w.optional})`} type="date" />
        </ActionForm>
      );
    },
    resume: () => {
      const f = state('resume');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="reason" label={`${w.reason} (${w.optional})`} />
        </ActionForm>
      );
    },
    dispute: () => {
      const f = state('dispute');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="reason" label={w.reason} required />
        </ActionForm>
      );
    },
    'resolve-dispute': () => {
      const f = state('resolve-dispute');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Choice
            f={f}
            name="outcome"
            label={w.outcome}
            required
            placeholder={w.choose}
            options={(['rejected', 'upheld', 'partially_upheld'] as const).map((o) => [o, w[o]])}
          />
          <Field f={f} name="creditAmount" label={amountLabel(w.creditAmount, true)} inputMode="decimal" />
          <TextArea f={f} name="note" label={`${w.note} (${w.optional})`} />
        </ActionForm>
      );
    },
    plan: () => {
      const f = state('plan');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <p id="plan-hint">
            <small>{w.planHint}</small>
          </p>
          <table class="plan-rows" aria-describedby="plan-hint">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{w.dueDate}</th>
                <th scope="col">{amountLabel(w.amount)}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: PLAN_ROWS }, (_, row) => (
                <tr key={row}>
                  <th scope="row">{row + 1}</th>
                  <td>
                    <PlanCell f={f} name={`dueDate${row}`} label={`${w.row} ${row + 1} — ${w.dueDate}`} type="date" />
                  </td>
                  <td>
                    <PlanCell f={f} name={`amount${row}`} label={`${w.row} ${row + 1} — ${w.amount}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ActionForm>
      );
    },
    contact: () => {
      const f = state('contact');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="email" label={w.email} type="email" inputMode="email" />
          <Field f={f} name="phone" label={w.phone} type="tel" inputMode="tel" />
          <TextArea f={f} name="addressLines" label={w.addressLines} rows={3} apiField="address.lines" />
          <Field f={f} name="postcode" label={w.postcode} />
          <Field f={f} name="city" label={w.city} />
          <Field f={f} name="country" label={w.country} />
        </ActionForm>
      );
    },
    policy: () => {
      const f = state('policy');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f}>
          <Field f={f} name="policyId" label={w.policyId} required list="policy-ids" />
          <datalist id="policy-ids">
            {invoice.policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </datalist>
          <Field f={f} name="version" label={`${w.version} (${w.optional}, ${w.latest})`} inputMode="numeric" />
          <Field f={f} name="fromStep" label={`${w.fromStep} (${w.optional})`} inputMode="numeric" />
          <Field f={f} name="reason" label={`${w.reason} (${w.optional})`} />
        </ActionForm>
      );
    },
    cancel: () => {
      const f = state('cancel');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f} danger>
          <Field f={f} name="reason" label={w.reason} required />
        </ActionForm>
      );
    },
    'write-off': () => {
      const f = state('write-off');
      return (
        <ActionForm ctx={ctx} invoiceId={invoice.invoiceId} f={f} danger>
          <Field f={f} name="reason" label={w.reason} required />
        </ActionForm>
      );
    },
  };
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{w.actions}</h2>
      <div class="actions">{actions.map((action) => forms[action]())}</div>
    </section>
  );
}

/** The contact form's inputs named after the API's fields of the address. */
const CONTACT_FIELDS: Record<string, string> = {
  postcode: 'address.postcode',
  city: 'address.city',
  country: 'address.country',
};

/** One cell of the plan's table: the input labelled for screen readers by its row and column. */
function PlanCell(props: { f: FormState; name: string; label: string; type?: string }): VNode {
  const { f, name } = props;
  const id = `${f.action}-${name}`;
  const error = fieldError(f.problem, f.apiFields[name] ?? name);
  return (
    <>
      <label for={id} class="visually-hidden">
        {props.label}
      </label>
      <input
        id={id}
        name={name}
        type={props.type ?? 'text'}
        inputMode={props.type ? undefined : 'decimal'}
        value={f.values[name] ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </>
  );
}

/** Enough of the form to render it again as typed (strings only: the CSRF token is left out). */
export function typedValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries((body as Record<string, unknown> | undefined) ?? {})) {
    if (name !== '_csrf' && typeof value === 'string') values[name] = value;
  }
  return values;
}
