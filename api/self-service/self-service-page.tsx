import type { VNode } from 'preact';
import { Answers } from './answer-forms';
import type { AnswerOutcome, PageInvoice, SelfServicePageModel } from './page-model';
import { PageDocument } from './page-document';
import { PAGE_TEXT, PageText } from './self-service-text';

/** The debtor's page: open invoices, their PDFs, how to pay, and the four answers. */
export function SelfServicePage(model: SelfServicePageModel): VNode {
  const text = PAGE_TEXT[model.lang];
  const title = text.title(model.creditor.name);
  return (
    <PageDocument lang={model.lang} title={title} stylesheet={model.stylesheet}>
      {model.invoices.length > 0 ? (
        <a class="skip" href="#answers">
          {text.skipToAnswer}
        </a>
      ) : null}
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
    </PageDocument>
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
          <a href={`#${outcome.answer}`}>{text.refusedSummary}</a>
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
