import type { VNode } from 'preact';
import { DEBTOR_ANSWERS, DEBTOR_DISPUTE_REASONS, DebtorAnswerKind } from '../../workflows/messages';
import { PLAN_INSTALMENTS } from './debtor-answer-form';
import type { SelfServicePageModel } from './page-model';
import { PageText, refusalText } from './self-service-text';

/** The four answers, one form each: the invoice (or all), the answer's own fields, a refusal shown beside it. */
export function Answers(props: { model: SelfServicePageModel; text: PageText }): VNode {
  const { text } = props;
  return (
    <section id="answers" aria-labelledby="answers-heading">
      <h2 id="answers-heading">{text.answerHeading}</h2>
      <p>{text.answerIntro}</p>
      <div class="forms">
        {DEBTOR_ANSWERS.map((answer) => (
          <AnswerForm key={answer} answer={answer} {...props} />
        ))}
      </div>
    </section>
  );
}

function AnswerForm(props: { answer: DebtorAnswerKind; model: SelfServicePageModel; text: PageText }): VNode {
  const { answer, model, text } = props;
  const wording = text.answers[answer];
  const outcome = model.outcome?.answer === answer ? model.outcome : undefined;
  const values = outcome && outcome.refused.length > 0 ? outcome.values : {};
  const faulty = new Set(outcome?.refused.map((r) => r.field.replace(/^workflow\./, '')) ?? []);
  const id = (field: string) => `${answer}-${field}`;
  const field = (name: string) => ({
    id: id(name),
    name,
    'aria-invalid': faulty.has(name) ? ('true' as const) : undefined,
    'aria-describedby': faulty.has(name) ? `${answer}-refusal` : undefined,
  });
  return (
    <section class="answer" id={answer} aria-labelledby={id('title')}>
      <h3 id={id('title')}>{wording.title}</h3>
      <p>{wording.intro}</p>
      {outcome && outcome.refused.length > 0 ? (
        <div class="notice refused" id={`${answer}-refusal`} role="alert">
          {outcome.refused.map((refusal) => (
            <p key={refusal.field}>
              {refusalText(text, refusal.field)}
              {refusal.invoices.length > 0 ? ` ${text.refusedFor(refusal.invoices.join(', '))}` : ''}
            </p>
          ))}
        </div>
      ) : null}
      {outcome && outcome.done.length > 0 && outcome.refused.length === 0 ? (
        <p class="notice done">{wording.done}</p>
      ) : null}
      <form method="post" action={`${model.pagePath}/answers`}>
        <input type="hidden" name="answer" value={answer} />
        <input type="hidden" name="nonce" value={model.nonces[answer]} />
        <input type="hidden" name="lang" value={model.lang} />
        <label htmlFor={id('invoice')}>{text.invoiceField}</label>
        <select {...field('invoice')} required>
          {model.invoices.map((invoice) => (
            <option key={invoice.id} value={invoice.id} selected={values.invoice === invoice.id}>
              {`${invoice.id} — ${invoice.balance}`}
            </option>
          ))}
          {model.invoices.length > 1 ? (
            <option value="all" selected={values.invoice === 'all'}>
              {text.allInvoices}
            </option>
          ) : null}
        </select>
        <AnswerFields answer={answer} text={text} values={values} field={field} today={model.today} />
        <button type="submit">{wording.submit}</button>
      </form>
    </section>
  );
}

type FieldProps = (name: string) => Record<string, string | undefined>;

function DateField(props: {
  name: string;
  label: string;
  text: PageText;
  values: Record<string, string>;
  field: FieldProps;
  min?: string;
  max?: string;
}): VNode {
  const attributes = props.field(props.name);
  return (
    <>
      <label htmlFor={attributes.id}>
        {props.label} <span class="hint">({props.text.dateHint})</span>
      </label>
      <input
        type="date"
        {...attributes}
        required
        min={props.min}
        max={props.max}
        value={props.values[props.name] ?? ''}
      />
    </>
  );
}

function AnswerFields(props: {
  answer: DebtorAnswerKind;
  text: PageText;
  values: Record<string, string>;
  field: FieldProps;
  today: string;
}): VNode {
  const { answer, text, values, field, today } = props;
  const f = text.fields;
  switch (answer) {
    case 'already_paid':
      return (
        <>
          <DateField name="paidOn" label={f.paidOn} max={today} {...props} />
          <label htmlFor={field('reference').id}>{f.reference}</label>
          <input
            type="text"
            {...field('reference')}
            required
            maxLength={100}
            autoComplete="off"
            value={values.reference ?? ''}
          />
        </>
      );
    case 'promise_to_pay':
      return <DateField name="promisedDate" label={f.promisedDate} min={today} {...props} />;
    case 'dispute':
      return (
        <>
          <label htmlFor={field('reason').id}>{f.reason}</label>
          <select {...field('reason')} required>
            {DEBTOR_DISPUTE_REASONS.map((reason) => (
              <option key={reason} value={reason} selected={values.reason === reason}>
                {text.disputeReasons[reason]}
              </option>
            ))}
          </select>
          <label htmlFor={field('text').id}>{f.text}</label>
          <textarea {...field('text')} rows={4} maxLength={2000}>
            {values.text ?? ''}
          </textarea>
        </>
      );
    case 'request_plan': {
      const counts = Array.from(
        { length: PLAN_INSTALMENTS.max - PLAN_INSTALMENTS.min + 1 },
        (_, i) => i + PLAN_INSTALMENTS.min,
      );
      return (
        <>
          <label htmlFor={field('count').id}>{f.count}</label>
          <select
            {...field('count')}
            required
            aria-describedby={[field('count')['aria-describedby'], `${answer}-hint`].filter(Boolean).join(' ')}
          >
            {counts.map((count) => (
              <option key={count} value={String(count)} selected={(values.count ?? '3') === String(count)}>
                {count}
              </option>
            ))}
          </select>
          <p class="hint" id={`${answer}-hint`}>
            {text.planHint}
          </p>
          <DateField name="firstDate" label={f.firstDate} min={today} {...props} />
        </>
      );
    }
  }
}
