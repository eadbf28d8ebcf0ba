import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { DEBTOR_ANSWERS, DEBTOR_DISPUTE_REASONS, DebtorAnswerKind } from '../../workflows/messages';
import { PLAN_INSTALMENTS } from './debtor-answer-form';
import { PAGE_TEXT, PageLanguage, PageText, refusalText } from './self-service-text';

/** One open invoice as the page lists it: strings already formatted in the page's language. */
export interface PageInvoice {
  id: string;
  issueDate: string;
  dueDate: string;
  amount: string;
  balance: string;
  stage: string;
  /** Its PDF: the original invoice when one was uploaded, else the latest statement; absent when neither exists. */
  document?: { href: string; original: boolean };
}

/** What became of the answer just posted, shown next to its form (and summed up at the top). */
export interface AnswerOutcome {
  answer: DebtorAnswerKind;
  /** Invoices the answer was taken for. */
  done: string[];
  /** Refusals, by the field at fault, with the invoices they concern (empty: the whole form). */
  refused: { field: string; invoices: string[] }[];
  /** What was posted, to fill the form in again after a refusal. */
  values: Record<string, string>;
}

export interface SelfServicePageModel {
  lang: PageLanguage;
  /** The page's own path (`/s/<token>`), from PUBLIC_URL's path: every link and form is built on it. */
  pagePath: string;
  stylesheet: string;
  creditor: { name: string; contact?: string; paymentInstructions?: string };
  customerName: string;
  invoices: PageInvoice[];
  totals: string[];
  /** Per form: the hidden value that makes a form posted twice count once. */
  nonces: Record<DebtorAnswerKind, string>;
  /** Today in the customer's zone: the earliest date a promise or a plan may start. */
  today: string;
  outcome?: AnswerOutcome;
}

function Document(props: { lang: string; title: string; stylesheet: string; children: ComponentChildren }): VNode {
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function renderHtml(page: VNode): string {
  return `<!doctype html>\n${renderToString(page)}`;
}

/** The debtor's page: open invoices, their PDFs, how to pay, and the four answers. */
export function SelfServicePage(model: SelfServicePageModel): VNode {
  const text = PAGE_TEXT[model.lang];
  const title = text.title(model.creditor.name);
  return (
    <Document lang={model.lang} title={title} stylesheet={model.stylesheet}>
      <a class="skip" href="#answers">
        {text.skipToAnswer}
      </a>
      <header class="top">
        <p class="creditor">{model.creditor.name}</p>
        <a
          href={`${model.pagePath}?lang=${text.otherLanguage.lang}`}
          hrefLang={text.otherLanguage.lang}
          lang={text.otherLanguage.lang}
        >
          {text.otherLanguage.label}
        </a>
      </header>
      <main>
        <h1>{title}</h1>
        {model.outcome ? <OutcomeSummary text={text} outcome={model.outcome} /> : null}
        <p>{text.greeting(model.customerName)}</p>
        <p>{text.intro}</p>
        <InvoiceTable text={text} invoices={model.invoices} totals={model.totals} />
        {model.creditor.paymentInstructions ? (
          <section aria-labelledby="how-to-pay">
            <h2 id="how-to-pay">{text.howToPayHeading}</h2>
            <p>{text.howToPay(model.creditor.paymentInstructions)}</p>
          </section>
        ) : null}
        {model.invoices.length > 0 ? <Answers model={model} text={text} /> : null}
        {model.creditor.contact ? (
          <p class="contact">{text.contactLine(model.creditor.name, model.creditor.contact)}</p>
        ) : null}
      </main>
    </Document>
  );
}

function OutcomeSummary(props: { text: PageText; outcome: AnswerOutcome }): VNode {
  const { text, outcome } = props;
  return (
    <div>
      {outcome.done.length > 0 ? (
        <div class="notice done" role="status">
          <p>{text.answers[outcome.answer].done}</p>
          <p>{text.doneFor(outcome.done.join(', '))}</p>
        </div>
      ) : null}
      {outcome.refused.length > 0 ? (
        <p class="notice refused" role="alert">
          <a href={`#${outcome.answer}`}>{text.refusalFallback}</a>
        </p>
      ) : null}
    </div>
  );
}

function InvoiceTable(props: { text: PageText; invoices: PageInvoice[]; totals: string[] }): VNode {
  const { text, invoices } = props;
  if (invoices.length === 0) {
    return (
      <section aria-labelledby="invoices">
        <h2 id="invoices">{text.invoicesHeading}</h2>
        <p>{text.noOpenInvoice}</p>
      </section>
    );
  }
  const c = text.columns;
  return (
    <section aria-labelledby="invoices">
      <h2 id="invoices">{text.invoicesHeading}</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{c.invoice}</th>
              <th scope="col">{c.issued}</th>
              <th scope="col">{c.due}</th>
              <th scope="col" class="num">
                {c.amount}
              </th>
              <th scope="col" class="num">
                {c.balance}
              </th>
              <th scope="col">{c.stage}</th>
              <th scope="col">{c.pdf}</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <th scope="row">{invoice.id}</th>
                <td>{invoice.issueDate}</td>
                <td>{invoice.dueDate}</td>
                <td class="num">{invoice.amount}</td>
                <td class="num">{invoice.balance}</td>
                <td>{invoice.stage}</td>
                <td>
                  {invoice.document ? (
                    <a href={invoice.document.href}>
                      {invoice.document.original ? text.pdfOriginal : text.pdfStatement}
                      <span class="visually-hidden"> {invoice.id}</span>
                    </a>
                  ) : (
                    text.noPdf
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="total">{text.total(props.totals.join(' + '))}</p>
    </section>
  );
}

function Answers(props: { model: SelfServicePageModel; text: PageText }): VNode {
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

/** A page that is not the debtor's: a refused link, too many requests, an outage. Both languages, nothing revealed. */
export function MessagePage(props: {
  stylesheet: string;
  title: string;
  blocks: { lang: PageLanguage; heading: string; paragraphs: string[] }[];
}): VNode {
  return (
    <Document lang={props.blocks[0]?.lang ?? 'fr'} title={props.title} stylesheet={props.stylesheet}>
      <main>
        {props.blocks.map((block) => (
          <section key={block.lang} lang={block.lang}>
            <h1>{block.heading}</h1>
            {block.paragraphs.map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </section>
        ))}
      </main>
    </Document>
  );
}
