import type { VNode } from 'preact';
import { parseMoneyInput } from '../form-values';
import type { ConsoleLocale, Dictionary } from '../console-locale';
import { CsrfField, type PageContext } from '../layout';
import { Field, type FormValues, type Refusal, TextAreaField, typed } from './tasks-form-fields';

/** An input an outcome takes besides the note: its API field, and how it is typed. */
interface OutcomeInput {
  name: string;
  type: 'date' | 'text' | 'money' | 'email' | 'tel' | 'lines';
  required?: boolean;
}

const trackingNumber: OutcomeInput = { name: 'trackingNumber', type: 'text' };

/**
 * Every kind of task, the outcomes it takes (`api/tasks/task-schemas.ts`) and what each outcome asks for. A kind not
 * named here takes `resolved`. A new kind or outcome is one line here.
 */
export const OUTCOMES_BY_KIND: Record<string, Record<string, OutcomeInput[]>> = {
  phone_call: {
    reached: [],
    no_answer: [],
    wrong_number: [],
    promise_to_pay: [
      { name: 'promisedDate', type: 'date', required: true },
      { name: 'promisedAmount', type: 'money' },
    ],
    dispute: [{ name: 'disputeReason', type: 'text', required: true }],
    paid_already: [],
  },
  post_letter: {
    posted: [
      { ...trackingNumber, required: true },
      { name: 'postedOn', type: 'date', required: true },
    ],
    delivered: [{ name: 'deliveredOn', type: 'date', required: true }, trackingNumber],
    returned_unclaimed: [trackingNumber],
    refused: [trackingNumber],
    address_unknown: [trackingNumber],
  },
  fix_contact: {
    fixed: [
      { name: 'email', type: 'email' },
      { name: 'phone', type: 'tel' },
      { name: 'address', type: 'lines' },
    ],
    unreachable: [],
  },
  approval: { approved: [], rejected: [] },
  file_claim: {
    filed: [
      { name: 'filedOn', type: 'date', required: true },
      { name: 'reference', type: 'text', required: true },
    ],
  },
  verify_payment: { confirmed: [{ name: 'amount', type: 'money' }], not_found: [] },
};

export const outcomesOf = (kind: string): Record<string, OutcomeInput[]> => OUTCOMES_BY_KIND[kind] ?? { resolved: [] };

export const outcomeWords: Dictionary<string> = {
  fr: {
    reached: 'Joint',
    no_answer: 'Pas de réponse',
    wrong_number: 'Mauvais numéro',
    promise_to_pay: 'Promesse de paiement',
    dispute: 'Litige',
    paid_already: 'Déjà payé',
    posted: 'Lettre postée',
    delivered: 'Lettre distribuée',
    returned_unclaimed: 'Retour : non réclamée',
    refused: 'Refusée',
    address_unknown: 'Adresse inconnue',
    fixed: 'Coordonnées corrigées',
    unreachable: 'Injoignable',
    approved: 'Approuver',
    rejected: 'Refuser',
    filed: 'Déclaration faite',
    confirmed: 'Paiement trouvé',
    not_found: 'Paiement introuvable',
    resolved: 'Traité',
  },
  en: {
    reached: 'Reached',
    no_answer: 'No answer',
    wrong_number: 'Wrong number',
    promise_to_pay: 'Promise to pay',
    dispute: 'Dispute',
    paid_already: 'Paid already',
    posted: 'Letter posted',
    delivered: 'Letter delivered',
    returned_unclaimed: 'Returned unclaimed',
    refused: 'Refused',
    address_unknown: 'Address unknown',
    fixed: 'Contact fixed',
    unreachable: 'Unreachable',
    approved: 'Approve',
    rejected: 'Reject',
    filed: 'Claim filed',
    confirmed: 'Payment found',
    not_found: 'Payment not found',
    resolved: 'Resolved',
  },
};

const inputWords: Dictionary<string> = {
  fr: {
    promisedDate: 'Date promise',
    promisedAmount: 'Montant promis (facultatif)',
    disputeReason: 'Motif du litige',
    trackingNumber: 'Numéro de suivi',
    postedOn: 'Postée le',
    deliveredOn: 'Distribuée le',
    email: 'E-mail corrigé',
    phone: 'Téléphone corrigé',
    address: 'Adresse corrigée',
    addressLines: 'Rue (une ligne par ligne d’adresse)',
    postcode: 'Code postal',
    city: 'Ville',
    country: 'Pays (code ISO, ex. FR)',
    filedOn: 'Déclarée le',
    reference: 'Référence',
    amount: 'Montant trouvé (facultatif : le solde)',
    note: 'Note (facultative)',
    record: 'Enregistrer',
  },
  en: {
    promisedDate: 'Promised date',
    promisedAmount: 'Promised amount (optional)',
    disputeReason: 'Reason for the dispute',
    trackingNumber: 'Tracking number',
    postedOn: 'Posted on',
    deliveredOn: 'Delivered on',
    email: 'Corrected e-mail',
    phone: 'Corrected phone',
    address: 'Corrected address',
    addressLines: 'Street (one line per address line)',
    postcode: 'Postcode',
    city: 'City',
    country: 'Country (ISO code, e.g. FR)',
    filedOn: 'Filed on',
    reference: 'Reference',
    amount: 'Amount found (optional: the balance)',
    note: 'Note (optional)',
    record: 'Record',
  },
};

/** The completion body the API takes, from what was typed in one outcome's form. */
export function completionBody(kind: string, values: FormValues, currency: string): Record<string, unknown> {
  const outcome = values.outcome ?? '';
  const body: Record<string, unknown> = { outcome };
  for (const input of outcomesOf(kind)[outcome] ?? []) {
    if (input.type === 'lines') {
      const lines = (values.addressLines ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      const parts = {
        postcode: typed(values, 'postcode'),
        city: typed(values, 'city'),
        country: typed(values, 'country'),
      };
      if (lines.length || parts.postcode || parts.city || parts.country) body.address = { lines, ...parts };
      continue;
    }
    const value = typed(values, input.name);
    if (value === undefined) continue;
    body[input.name] = input.type === 'money' ? (parseMoneyInput(value, currency) ?? value) : value;
  }
  const note = typed(values, 'note');
  if (note) body.note = note;
  return body;
}

/** One form per outcome the task's kind takes, each folded in a `<details>` (opened when it was the one refused). */
export function OutcomeForms(props: {
  ctx: PageContext;
  taskId: string;
  kind: string;
  currency: string;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, refusal } = props;
  const w = inputWords[ctx.locale];
  const names = outcomeWords[ctx.locale];
  return (
    <div class="actions" id="outcome-forms">
      {Object.entries(outcomesOf(props.kind)).map(([outcome, inputs]) => {
        const form = `outcome-${outcome}`;
        const common = { form, refusal };
        return (
          <details key={outcome} open={refusal?.form === form}>
            <summary>{names[outcome] ?? outcome}</summary>
            <form
              method="post"
              action={`/app/tasks/${encodeURIComponent(props.taskId)}/complete`}
              id={`${form}-form`}
              data-outcome={outcome}
            >
              <CsrfField ctx={ctx} />
              <input type="hidden" name="outcome" value={outcome} />
              {inputs.map((input) =>
                input.type === 'lines' ? (
                  <AddressInputs key="address" locale={ctx.locale} form={form} refusal={refusal} />
                ) : (
                  <Field
                    key={input.name}
                    {...common}
                    name={input.name}
                    label={w[input.name] ?? input.name}
                    type={input.type === 'money' ? 'text' : input.type}
                    inputMode={input.type === 'money' ? 'decimal' : undefined}
                    hint={input.type === 'money' ? props.currency : undefined}
                    required={input.required}
                  />
                ),
              )}
              <TextAreaField {...common} name="note" label={w.note!} rows={2} />
              <button type="submit">
                {w.record}: {names[outcome] ?? outcome}
              </button>
            </form>
          </details>
        );
      })}
    </div>
  );
}

function AddressInputs(props: { locale: ConsoleLocale; form: string; refusal: Refusal | undefined }): VNode {
  const w = inputWords[props.locale];
  const common = { form: props.form, refusal: props.refusal };
  return (
    <fieldset>
      <legend>{w.address}</legend>
      <TextAreaField {...common} name="addressLines" field="address.lines" label={w.addressLines!} rows={2} />
      <Field {...common} name="postcode" field="address.postcode" label={w.postcode!} />
      <Field {...common} name="city" field="address.city" label={w.city!} />
      <Field {...common} name="country" field="address.country" label={w.country!} />
    </fieldset>
  );
}
