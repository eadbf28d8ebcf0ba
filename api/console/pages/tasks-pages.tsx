import { type Request, type Response, Router } from 'express';
import type { VNode } from 'preact';
import { consoleApi, type ConsoleApi } from '../console-api';
import { consoleLocale, type Dictionary, money, date } from '../console-locale';
import { CsrfField, Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import type { ConsolePageDeps } from './index';
import {
  daysLate,
  DoneNotice,
  doneAction,
  formValues,
  redirectDone,
  type Refusal,
  refusalOf,
} from './tasks-form-fields';
import { completionBody, OUTCOMES_BY_KIND, OutcomeForms, outcomeWords } from './tasks-outcomes';

/** A task as `GET /v1/tasks` answers it. */
export interface Task {
  id: string;
  invoiceId: string;
  kind: string;
  status: string;
  customer: { name?: string; email?: string; phone?: string } & Record<string, unknown>;
  phone: string | null;
  amount: number;
  balance: number;
  currency: string;
  daysLate: number;
  owner: string | null;
  dueAt: string;
  outcome: string | null;
  note: string | null;
  closedAt: string | null;
  completedBy: string | null;
  progress: Record<string, unknown> | null;
  customerId: string | null;
  invoices: { invoiceId: string }[];
  context: Record<string, unknown>;
}

interface CustomerInvoices {
  invoices: { id: string; stage: string; status: string; balance: number; currency: string; dueDate: string }[];
}

interface TrailRow {
  id: string;
  invoiceId: string;
  channel: string;
  kind: string;
  result: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

const words: Dictionary<
  | 'title'
  | 'mine'
  | 'others'
  | 'noMine'
  | 'noOthers'
  | 'kind'
  | 'status'
  | 'anyKind'
  | 'filter'
  | 'customer'
  | 'invoices'
  | 'due'
  | 'owner'
  | 'nobody'
  | 'assignToMe'
  | 'open'
  | 'done'
  | 'closed'
  | 'assigned'
  | 'completed'
  | 'task'
  | 'whoToCall'
  | 'phone'
  | 'noPhone'
  | 'openInvoices'
  | 'invoice'
  | 'balance'
  | 'daysLate'
  | 'stage'
  | 'lastContacts'
  | 'noContacts'
  | 'when'
  | 'channel'
  | 'what'
  | 'result'
  | 'outcomes'
  | 'outcome'
  | 'back'
  | 'notFound'
  | 'progress'
  | 'unavailable'
> = {
  fr: {
    title: 'Tâches',
    mine: 'Mes tâches',
    others: 'Autres tâches',
    noMine: 'Aucune tâche ne vous est attribuée.',
    noOthers: 'Aucune autre tâche.',
    kind: 'Type',
    status: 'État',
    anyKind: 'Tous les types',
    filter: 'Filtrer',
    customer: 'Client',
    invoices: 'Facture(s)',
    due: 'Échéance',
    owner: 'Responsable',
    nobody: 'Personne',
    assignToMe: 'Me l’attribuer',
    open: 'Ouvertes',
    done: 'Terminées',
    closed: 'Fermées',
    assigned: 'La tâche vous est attribuée.',
    completed: 'Le résultat est enregistré.',
    task: 'Tâche',
    whoToCall: 'Qui appeler',
    phone: 'Téléphone',
    noPhone: 'Aucun numéro connu',
    openInvoices: 'Factures ouvertes du client',
    invoice: 'Facture',
    balance: 'Solde',
    daysLate: 'Jours de retard',
    stage: 'Étape',
    lastContacts: 'Derniers contacts',
    noContacts: 'Aucun contact enregistré.',
    when: 'Quand',
    channel: 'Canal',
    what: 'Quoi',
    result: 'Résultat',
    outcomes: 'Résultat de la tâche',
    outcome: 'Résultat',
    back: 'Toutes les tâches',
    notFound: 'Cette tâche n’existe pas.',
    progress: 'En cours',
    unavailable: 'Le client n’a pas pu être lu.',
  },
  en: {
    title: 'Tasks',
    mine: 'My tasks',
    others: 'Other tasks',
    noMine: 'No task is assigned to you.',
    noOthers: 'No other task.',
    kind: 'Kind',
    status: 'Status',
    anyKind: 'Every kind',
    filter: 'Filter',
    customer: 'Customer',
    invoices: 'Invoice(s)',
    due: 'Due',
    owner: 'Owner',
    nobody: 'Nobody',
    assignToMe: 'Assign to me',
    open: 'Open',
    done: 'Done',
    closed: 'Closed',
    assigned: 'The task is assigned to you.',
    completed: 'The outcome is recorded.',
    task: 'Task',
    whoToCall: 'Who to call',
    phone: 'Phone',
    noPhone: 'No number known',
    openInvoices: 'The customer’s open invoices',
    invoice: 'Invoice',
    balance: 'Balance',
    daysLate: 'Days late',
    stage: 'Stage',
    lastContacts: 'Last contacts',
    noContacts: 'No contact recorded.',
    when: 'When',
    channel: 'Channel',
    what: 'What',
    result: 'Result',
    outcomes: 'Outcome of the task',
    outcome: 'Outcome',
    back: 'All tasks',
    notFound: 'This task does not exist.',
    progress: 'In progress',
    unavailable: 'The customer could not be read.',
  },
};

export const kindWords: Dictionary<string> = {
  fr: {
    phone_call: 'Appel',
    post_letter: 'Lettre recommandée',
    fix_contact: 'Coordonnées à corriger',
    approval: 'Approbation',
    file_claim: 'Déclaration de créance',
    dispute_review: 'Litige à examiner',
    verify_payment: 'Paiement à vérifier',
  },
  en: {
    phone_call: 'Phone call',
    post_letter: 'Registered letter',
    fix_contact: 'Contact to fix',
    approval: 'Approval',
    file_claim: 'Claim to file',
    dispute_review: 'Dispute to review',
    verify_payment: 'Payment to verify',
  },
};

const STATUSES = ['open', 'done', 'closed'] as const;
/** The proof-trail rows a call script shows. */
const LAST_CONTACTS = 10;

/** `/app/tasks`: the signed-in person's tasks first, then the others; `/app/tasks/:id`: the call script and outcomes. */
export function createTasksPages(deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const ctx = pageContext(req);
    const api = consoleApi(req);
    const kind = typeof req.query.kind === 'string' ? req.query.kind : '';
    const status = STATUSES.find((s) => s === req.query.status) ?? 'open';
    const me = ctx.caller?.name ?? '';
    const [mine, all] = await Promise.all([
      api.get<{ items: Task[] }>('/tasks', { owner: me, status, kind, limit: 200 }),
      api.get<{ items: Task[] }>('/tasks', { status, kind, limit: 200 }),
    ]);
    const problem = mine.problem ?? all.problem;
    const others = (all.ok ? all.body.items : []).filter((task) => task.owner !== me);
    const notice = doneAction(req, { assign: words[ctx.locale].assigned });
    renderPage(
      res,
      <TasksPage
        ctx={ctx}
        kind={kind}
        status={status}
        mine={mine.ok ? mine.body.items : []}
        others={others}
        notice={notice}
        refusal={problem && { form: 'list', values: {}, problem, status: mine.ok ? all.status : mine.status }}
      />,
      problem ? (mine.ok ? all.status : mine.status) : 200,
    );
  });

  router.post('/tasks/:id/assign', async (req, res) => {
    const id = String(req.params.id);
    const answer = await consoleApi(req).post(`/tasks/${encodeURIComponent(id)}/assign`, {
      owner: req.console?.name ?? '',
    });
    const back = safeBack(req.body);
    if (answer.ok) return redirectDone(res, back, 'assign');
    const ctx = pageContext(req, back);
    renderPage(
      res,
      <Layout ctx={ctx} title={words[ctx.locale].title}>
        <ProblemNotice ctx={ctx} problem={answer.problem} />
        <p>
          <a href={back}>{words[ctx.locale].back}</a>
        </p>
      </Layout>,
      answer.status,
    );
  });

  router.get('/tasks/:id', async (req, res) => {
    await showTask(req, res, deps, undefined);
  });

  router.post('/tasks/:id/complete', async (req, res) => {
    const id = String(req.params.id);
    const api = consoleApi(req);
    const values = formValues(req);
    const task = await api.get<Task>(`/tasks/${encodeURIComponent(id)}`);
    const body = completionBody(task.ok ? task.body.kind : '', values, task.ok ? task.body.currency : 'EUR');
    const answer = await api.post(`/tasks/${encodeURIComponent(id)}/complete`, body);
    const refusal = refusalOf(`outcome-${values.outcome ?? ''}`, values, answer);
    if (!refusal) return redirectDone(res, `/app/tasks/${encodeURIComponent(id)}`, 'complete');
    await showTask(req, res, deps, refusal);
  });

  return router;
}

function pageContext(req: Request, path = req.originalUrl): PageContext {
  return { locale: consoleLocale(req), caller: req.console, path };
}

/** Where an assignment goes back to: the list with its filters or the task's page, never elsewhere. */
function safeBack(body: unknown): string {
  const back = (body as Record<string, unknown> | undefined)?.back;
  return typeof back === 'string' && /^\/app\/tasks(\/[\w%.-]+)?(\?[\w=&%.-]*)?$/.test(back) ? back : '/app/tasks';
}

async function showTask(req: Request, res: Response, deps: ConsolePageDeps, refusal: Refusal | undefined) {
  const id = String(req.params.id);
  const ctx = pageContext(req, `/app/tasks/${encodeURIComponent(id)}`);
  const api = consoleApi(req);
  const answer = await api.get<Task>(`/tasks/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    renderPage(
      res,
      <Layout ctx={ctx} title={words[ctx.locale].task}>
        <ProblemNotice ctx={ctx} problem={answer.problem} />
        <p>
          <a href="/app/tasks">{words[ctx.locale].back}</a>
        </p>
      </Layout>,
      answer.status,
    );
    return;
  }
  const task = answer.body;
  const [customer, trail] = await Promise.all([
    task.customerId ? api.get<CustomerInvoices>(`/customers/${encodeURIComponent(task.customerId)}`) : undefined,
    lastContacts(api, task),
  ]);
  const notice = doneAction(req, { complete: words[ctx.locale].completed, assign: words[ctx.locale].assigned });
  renderPage(
    res,
    <TaskPage
      ctx={ctx}
      task={task}
      invoices={customer?.ok ? customer.body.invoices : undefined}
      trail={trail}
      now={deps.now()}
      notice={notice}
      refusal={refusal}
    />,
    refusal?.status ?? 200,
  );
}

/** The proof trail of every invoice the task covers, newest first. */
async function lastContacts(api: ConsoleApi, task: Task): Promise<TrailRow[]> {
  const ids = task.invoices.length ? task.invoices.map((invoice) => invoice.invoiceId) : [task.invoiceId];
  const answers = await Promise.all(
    [...new Set(ids)].map((id) => api.get<{ items: TrailRow[] }>(`/invoices/${encodeURIComponent(id)}/communications`)),
  );
  return answers
    .flatMap((one) => (one.ok ? one.body.items : []))
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, LAST_CONTACTS);
}

const invoicesOf = (task: Task) =>
  task.invoices.length ? task.invoices.map((invoice) => invoice.invoiceId) : [task.invoiceId];

function TasksPage(props: {
  ctx: PageContext;
  kind: string;
  status: string;
  mine: Task[];
  others: Task[];
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx } = props;
  const w = words[ctx.locale];
  const kinds = kindWords[ctx.locale];
  const knownKinds = [...new Set([...Object.keys(kinds), ...Object.keys(OUTCOMES_BY_KIND)])];
  return (
    <Layout ctx={ctx} title={w.title}>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={props.refusal?.problem} />
      <form method="get" action="/app/tasks" id="task-filters" class="grid">
        <div>
          <label for="filter-kind">{w.kind}</label>
          <select id="filter-kind" name="kind">
            <option value="">{w.anyKind}</option>
            {knownKinds.map((kind) => (
              <option key={kind} value={kind} selected={kind === props.kind}>
                {kinds[kind] ?? kind}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-status">{w.status}</label>
          <select id="filter-status" name="status">
            {STATUSES.map((status) => (
              <option key={status} value={status} selected={status === props.status}>
                {w[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" class="filter-submit">
            {w.filter}
          </button>
        </div>
      </form>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{w.mine}</h2>
        <TaskTable ctx={ctx} id="my-tasks" tasks={props.mine} empty={w.noMine} />
      </section>
      <section aria-labelledby="others-title">
        <h2 id="others-title">{w.others}</h2>
        <TaskTable ctx={ctx} id="other-tasks" tasks={props.others} empty={w.noOthers} />
      </section>
    </Layout>
  );
}

function TaskTable(props: { ctx: PageContext; id: string; tasks: Task[]; empty: string }): VNode {
  const { ctx } = props;
  const w = words[ctx.locale];
  if (!props.tasks.length) return <p>{props.empty}</p>;
  const canAssign = may(ctx, 'write');
  return (
    <div class="overflow-auto">
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">{w.kind}</th>
            <th scope="col">{w.customer}</th>
            <th scope="col">{w.invoices}</th>
            <th scope="col">{w.due}</th>
            <th scope="col">{w.owner}</th>
            {canAssign && <th scope="col">{w.assignToMe}</th>}
          </tr>
        </thead>
        <tbody>
          {props.tasks.map((task) => (
            <tr key={task.id}>
              <th scope="row">
                <a href={`/app/tasks/${encodeURIComponent(task.id)}`}>
                  {kindWords[ctx.locale][task.kind] ?? task.kind}
                </a>
                {task.status !== 'open' && (
                  <>
                    {' '}
                    <span class="stage">{outcomeWords[ctx.locale][task.outcome ?? ''] ?? task.status}</span>
                  </>
                )}
              </th>
              <td>{customerName(task)}</td>
              <td>{invoicesOf(task).join(', ')}</td>
              <td>{date(task.dueAt, ctx.locale)}</td>
              <td>{task.owner ?? w.nobody}</td>
              {canAssign && (
                <td>
                  {task.status === 'open' && task.owner !== ctx.caller?.name && (
                    <form method="post" action={`/app/tasks/${encodeURIComponent(task.id)}/assign`} class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="back" value={ctx.path} />
                      <button type="submit" class="secondary" aria-label={`${w.assignToMe} (${task.id})`}>
                        {w.assignToMe}
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const customerName = (task: Task) => (typeof task.customer.name === 'string' ? task.customer.name : task.customerId);

function TaskPage(props: {
  ctx: PageContext;
  task: Task;
  invoices: CustomerInvoices['invoices'] | undefined;
  trail: TrailRow[];
  now: Date;
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, task } = props;
  const w = words[ctx.locale];
  const phone = task.phone ?? (typeof task.customer.phone === 'string' ? task.customer.phone : null);
  const open = (props.invoices ?? []).filter((invoice) => invoice.status === 'open' && invoice.balance > 0);
  const kind = kindWords[ctx.locale][task.kind] ?? task.kind;
  return (
    <Layout ctx={ctx} title={`${kind} · ${customerName(task) ?? task.id}`}>
      <p>
        <a href="/app/tasks">{w.back}</a>
      </p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={props.refusal?.problem} />
      <dl class="facts" id="task-facts">
        <dt>{w.status}</dt>
        <dd>
          <span class={`stage stage-${task.status}`}>{w[task.status as 'open'] ?? task.status}</span>
          {task.outcome && ` · ${outcomeWords[ctx.locale][task.outcome] ?? task.outcome}`}
          {task.progress && typeof task.progress.outcome === 'string' && (
            <> · {`${w.progress}: ${outcomeWords[ctx.locale][task.progress.outcome] ?? task.progress.outcome}`}</>
          )}
        </dd>
        <dt>{w.due}</dt>
        <dd>{date(task.dueAt, ctx.locale)}</dd>
        <dt>{w.owner}</dt>
        <dd>{task.owner ?? w.nobody}</dd>
        <dt>{w.invoices}</dt>
        <dd>
          {invoicesOf(task).map((id, index) => (
            <span key={id}>
              {index > 0 && ', '}
              <a href={`/app/invoices/${encodeURIComponent(id)}`}>{id}</a>
            </span>
          ))}
        </dd>
        {task.note && (
          <>
            <dt>Note</dt>
            <dd>{task.note}</dd>
          </>
        )}
      </dl>
      {task.status === 'open' && may(ctx, 'write') && task.owner !== ctx.caller?.name && (
        <form method="post" action={`/app/tasks/${encodeURIComponent(task.id)}/assign`} id="assign-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="back" value={ctx.path} />
          <button type="submit" class="secondary">
            {w.assignToMe}
          </button>
        </form>
      )}
      <section aria-labelledby="call-title">
        <h2 id="call-title">{w.whoToCall}</h2>
        <p id="call-who">
          <strong>{customerName(task)}</strong>
          {task.customerId && (
            <>
              {' '}
              (<a href={`/app/customers/${encodeURIComponent(task.customerId)}`}>{task.customerId}</a>)
            </>
          )}
          <br />
          {w.phone}: {phone ? <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a> : w.noPhone}
        </p>
      </section>
      <section aria-labelledby="open-invoices-title">
        <h2 id="open-invoices-title">{w.openInvoices}</h2>
        {props.invoices === undefined ? (
          <p>{w.unavailable}</p>
        ) : (
          <table id="open-invoices">
            <thead>
              <tr>
                <th scope="col">{w.invoice}</th>
                <th scope="col">{w.due}</th>
                <th scope="col" class="num">
                  {w.daysLate}
                </th>
                <th scope="col" class="num">
                  {w.balance}
                </th>
                <th scope="col">{w.stage}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((invoice) => (
                <tr key={invoice.id}>
                  <th scope="row">
                    <a href={`/app/invoices/${encodeURIComponent(invoice.id)}`}>{invoice.id}</a>
                  </th>
                  <td>{date(invoice.dueDate, ctx.locale)}</td>
                  <td class="num">{daysLate(invoice.dueDate, props.now)}</td>
                  <td class="num">{money(invoice.balance, invoice.currency, ctx.locale)}</td>
                  <td>
                    <span class={`stage stage-${invoice.stage}`}>{invoice.stage}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">{w.lastContacts}</h2>
        {props.trail.length === 0 ? (
          <p>{w.noContacts}</p>
        ) : (
          <table id="last-contacts">
            <thead>
              <tr>
                <th scope="col">{w.when}</th>
                <th scope="col">{w.invoice}</th>
                <th scope="col">{w.channel}</th>
                <th scope="col">{w.what}</th>
                <th scope="col">{w.result}</th>
              </tr>
            </thead>
            <tbody>
              {props.trail.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{date(row.occurredAt, ctx.locale)}</th>
                  <td>{row.invoiceId}</td>
                  <td>{row.channel}</td>
                  <td>{row.kind}</td>
                  <td>{row.result}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {task.status === 'open' && may(ctx, 'write') && (
        <section aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">{w.outcomes}</h2>
          <OutcomeForms ctx={ctx} taskId={task.id} kind={task.kind} currency={task.currency} refusal={props.refusal} />
        </section>
      )}
    </Layout>
  );
}
