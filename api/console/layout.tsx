import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Response } from 'express';
import type { Problem } from './console-api';
import type { ConsoleLocale, Dictionary } from './console-locale';
import type { ConsoleCaller } from './console-session';
import { roleHolds, type Permission } from '../http/auth';

/** What every page knows: the reader's language, who is signed in, and where the page is. */
export interface PageContext {
  locale: ConsoleLocale;
  caller?: ConsoleCaller;
  /** The page's own path and query, for the language switch to come back to. */
  path: string;
}

const words: Dictionary<
  | 'skip'
  | 'invoices'
  | 'customers'
  | 'tasks'
  | 'legalFiles'
  | 'payments'
  | 'policies'
  | 'rates'
  | 'signOut'
  | 'signedInAs'
  | 'language'
  | 'mainNav'
  | 'errorsTitle'
> = {
  fr: {
    skip: 'Aller au contenu',
    invoices: 'Factures',
    customers: 'Clients',
    tasks: 'Tâches',
    legalFiles: 'Dossiers contentieux',
    payments: 'Paiements non rapprochés',
    policies: 'Politiques',
    rates: 'Taux',
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté :',
    language: 'English',
    mainNav: 'Navigation principale',
    errorsTitle: 'La demande a été refusée',
  },
  en: {
    skip: 'Skip to content',
    invoices: 'Invoices',
    customers: 'Customers',
    tasks: 'Tasks',
    legalFiles: 'Legal files',
    payments: 'Unmatched payments',
    policies: 'Policies',
    rates: 'Rates',
    signOut: 'Sign out',
    signedInAs: 'Signed in:',
    language: 'Français',
    mainNav: 'Main navigation',
    errorsTitle: 'The request was refused',
  },
};

const NAV = [
  ['/app/invoices', 'invoices'],
  ['/app/customers', 'customers'],
  ['/app/tasks', 'tasks'],
  ['/app/legal-files', 'legalFiles'],
  ['/app/payments', 'payments'],
  ['/app/policies', 'policies'],
  ['/app/rates', 'rates'],
] as const;

/** The page shell: skip link, navigation with the current page marked, language switch, who is signed in. */
export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }): VNode {
  const { ctx } = props;
  const w = words[ctx.locale];
  const other = ctx.locale === 'fr' ? 'en' : 'fr';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Relance`}</title>
        <link rel="stylesheet" href="/app/assets/pico.min.css" />
        <link rel="stylesheet" href="/app/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {w.skip}
        </a>
        {ctx.caller && (
          <header class="container-fluid">
            <nav aria-label={w.mainNav}>
              <ul>
                <li>
                  <a href="/app" class="brand">
                    <strong>Relance</strong>
                  </a>
                </li>
              </ul>
              <ul>
                {NAV.map(([href, key]) => (
                  <li key={href}>
                    <a href={href} aria-current={ctx.path.startsWith(href) ? 'page' : undefined}>
                      {w[key]}
                    </a>
                  </li>
                ))}
              </ul>
              <ul>
                <li>
                  <a href={`/app/lang?to=${other}&back=${encodeURIComponent(ctx.path)}`} lang={other}>
                    {w.language}
                  </a>
                </li>
                <li>
                  <small>
                    {w.signedInAs} <span data-testid="caller">{ctx.caller.name}</span>
                  </small>
                </li>
                <li>
                  <form method="post" action="/app/sign-out" class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="secondary outline">
                      {w.signOut}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          </header>
        )}
        <main id="main" class="container">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The session's CSRF token, in every form that changes something. */
export function CsrfField(props: { ctx: PageContext }): VNode | null {
  return props.ctx.caller ? <input type="hidden" name="_csrf" value={props.ctx.caller.csrfToken} /> : null;
}

/** Whether the signed-in person's role may do this: forms for actions it may not take are not shown. */
export function may(ctx: PageContext, permission: Permission): boolean {
  return ctx.caller !== undefined && roleHolds(ctx.caller.role, permission);
}

/** The API's refusal, as the person who filled the form reads it: the summary, then each field named. */
export function ProblemNotice(props: { ctx: PageContext; problem?: Problem | undefined }): VNode | null {
  const { problem } = props;
  if (!problem) return null;
  return (
    <div class="problem" role="alert" aria-labelledby="problem-title">
      <h2 id="problem-title">{words[props.ctx.locale].errorsTitle}</h2>
      <p>{problem.detail ?? problem.title}</p>
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((issue) => (
            <li key={`${issue.field}-${issue.rule}`}>
              <code>{issue.field}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The message under one input when the API named that field. */
export function fieldError(problem: Problem | undefined, field: string): string | undefined {
  return problem?.errors?.find((issue) => issue.field === field)?.message;
}

export function renderPage(res: Response, page: VNode, status = 200): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html>${renderToString(page)}`);
}
