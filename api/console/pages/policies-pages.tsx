import { type Request, type Response, Router } from 'express';
import { Fragment, type VNode } from 'preact';
import type { Problem } from '../console-api';
import { consoleApi } from '../console-api';
import { consoleLocale, type Dictionary } from '../console-locale';
import { CsrfField, Layout, may, type PageContext, ProblemNotice, renderPage } from '../layout';
import type { ConsolePageDeps } from './index';
import { DoneNotice, doneAction, formValues, redirectDone, type Refusal, TextAreaField } from './tasks-form-fields';

/** A policy version as `GET /v1/policies/{id}` answers it. */
interface Policy {
  id: string;
  version: number;
  name: string;
  calendar: { sendHour: number; businessDaysOnly: boolean } | null;
  builtIn: boolean;
  versions?: number[];
  steps: {
    after: string;
    action: string;
    template: string;
    deadline?: string;
    approval?: { timeout: string; onTimeout: string };
  }[];
  [setting: string]: unknown;
}

const words: Dictionary<
  | 'title'
  | 'none'
  | 'policy'
  | 'name'
  | 'version'
  | 'versions'
  | 'steps'
  | 'builtIn'
  | 'stored'
  | 'calendar'
  | 'noCalendar'
  | 'sendAt'
  | 'businessDays'
  | 'settings'
  | 'index'
  | 'after'
  | 'action'
  | 'template'
  | 'deadline'
  | 'approval'
  | 'newVersion'
  | 'newVersionHint'
  | 'newPolicy'
  | 'newPolicyHint'
  | 'json'
  | 'save'
  | 'builtInNote'
  | 'back'
  | 'created'
  | 'notJson'
> = {
  fr: {
    title: 'Politiques de relance',
    none: 'Aucune politique.',
    policy: 'Politique',
    name: 'Nom',
    version: 'Version',
    versions: 'Versions',
    steps: 'Étapes',
    builtIn: 'intégrée',
    stored: 'enregistrée',
    calendar: 'Calendrier',
    noCalendar: 'Aucun : délais exacts à la seconde',
    sendAt: 'envoi à',
    businessDays: 'jours ouvrés seulement',
    settings: 'Réglages',
    index: 'N°',
    after: 'Après l’échéance',
    action: 'Action',
    template: 'Modèle',
    deadline: 'Délai',
    approval: 'Approbation',
    newVersion: 'Nouvelle version',
    newVersionHint:
      'La version actuelle, en JSON. Modifiez-la puis enregistrez : une nouvelle version est créée, les versions existantes ne changent jamais.',
    newPolicy: 'Nouvelle politique',
    newPolicyHint: 'Une politique complète en JSON (id, name, steps…).',
    json: 'Politique (JSON)',
    save: 'Enregistrer',
    builtInNote:
      'Politique intégrée : elle ne reçoit pas de nouvelle version. Créez-en une autre sous un nouvel identifiant.',
    back: 'Toutes les politiques',
    created: 'La nouvelle version est enregistrée.',
    notJson: 'Le texte n’est pas un JSON valide',
  },
  en: {
    title: 'Dunning policies',
    none: 'No policy.',
    policy: 'Policy',
    name: 'Name',
    version: 'Version',
    versions: 'Versions',
    steps: 'Steps',
    builtIn: 'built in',
    stored: 'stored',
    calendar: 'Calendar',
    noCalendar: 'None: offsets count to the second',
    sendAt: 'sent at',
    businessDays: 'business days only',
    settings: 'Settings',
    index: '#',
    after: 'After the due date',
    action: 'Action',
    template: 'Template',
    deadline: 'Deadline',
    approval: 'Approval',
    newVersion: 'New version',
    newVersionHint:
      'The current version, as JSON. Edit it and save: a new version is created; existing versions never change.',
    newPolicy: 'New policy',
    newPolicyHint: 'A whole policy as JSON (id, name, steps…).',
    json: 'Policy (JSON)',
    save: 'Save',
    builtInNote: 'A built-in policy takes no new version. Create another one under a new id.',
    back: 'All policies',
    created: 'The new version is saved.',
    notJson: 'The text is not valid JSON',
  },
};

/** What the API keeps about a version besides its body: left out of the JSON a person edits. */
const NOT_EDITED = new Set(['version', 'versions', 'builtIn', 'createdAt']);

const policyPath = (id: string) => `/app/policies/${encodeURIComponent(id)}`;

/** `/app/policies`: every policy; one policy with its steps, and a new version posted as JSON to `POST /v1/policies`. */
export function createPoliciesPages(_deps: ConsolePageDeps): Router {
  const router = Router();

  router.get('/policies', async (req, res) => {
    await showList(req, res, undefined);
  });

  router.post('/policies', async (req, res) => {
    const values = formValues(req);
    const refusal = await postPolicy(req, values.policy ?? '', 'new-policy');
    if (typeof refusal === 'string') return redirectDone(res, policyPath(refusal), 'version');
    await showList(req, res, refusal);
  });

  router.get('/policies/:id', async (req, res) => {
    await showPolicy(req, res, undefined);
  });

  router.post('/policies/:id/versions', async (req, res) => {
    const values = formValues(req);
    const refusal = await postPolicy(req, values.policy ?? '', 'new-version');
    if (typeof refusal === 'string') return redirectDone(res, policyPath(refusal), 'version');
    await showPolicy(req, res, refusal);
  });

  return router;
}

/** Posts the typed JSON: the id of the policy saved, or the refusal (text that is not JSON is refused here). */
async function postPolicy(req: Request, text: string, form: string): Promise<string | Refusal> {
  const values = { policy: text };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const message = `${words[consoleLocale(req)].notJson}: ${(error as Error).message}`;
    const problem: Problem = {
      title: message,
      status: 400,
      errors: [{ field: '(body)', rule: 'json', message }],
    };
    return { form, values, problem, status: 400 };
  }
  const answer = await consoleApi(req).post<{ id: string }>('/policies', body);
  if (answer.ok) return answer.body.id;
  return {
    form,
    values,
    problem: answer.problem ?? { title: 'Refused', status: answer.status },
    status: answer.status,
  };
}

function pageContext(req: Request, path = req.originalUrl): PageContext {
  return { locale: consoleLocale(req), caller: req.console, path };
}

async function showList(req: Request, res: Response, refusal: Refusal | undefined) {
  const ctx = pageContext(req, '/app/policies');
  const answer = await consoleApi(req).get<{ items: Policy[] }>('/policies');
  renderPage(
    res,
    <PolicyList ctx={ctx} policies={answer.ok ? answer.body.items : []} refusal={refusal} problem={answer.problem} />,
    refusal?.status ?? answer.status,
  );
}

async function showPolicy(req: Request, res: Response, refusal: Refusal | undefined) {
  const id = String(req.params.id);
  const ctx = pageContext(req, policyPath(id));
  const w = words[ctx.locale];
  const answer = await consoleApi(req).get<Policy>(`/policies/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    renderPage(
      res,
      <Layout ctx={ctx} title={w.policy}>
        <ProblemNotice ctx={ctx} problem={answer.problem} />
        <p>
          <a href="/app/policies">{w.back}</a>
        </p>
      </Layout>,
      answer.status,
    );
    return;
  }
  const notice = doneAction(req, { version: w.created });
  renderPage(
    res,
    <PolicyPage ctx={ctx} policy={answer.body} notice={notice} refusal={refusal} />,
    refusal?.status ?? 200,
  );
}

function PolicyList(props: {
  ctx: PageContext;
  policies: Policy[];
  refusal: Refusal | undefined;
  problem: Problem | undefined;
}): VNode {
  const { ctx, refusal } = props;
  const w = words[ctx.locale];
  return (
    <Layout ctx={ctx} title={w.title}>
      <ProblemNotice ctx={ctx} problem={refusal?.problem ?? props.problem} />
      {props.policies.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <table id="policies">
          <thead>
            <tr>
              <th scope="col">{w.policy}</th>
              <th scope="col">{w.name}</th>
              <th scope="col" class="num">
                {w.version}
              </th>
              <th scope="col" class="num">
                {w.steps}
              </th>
              <th scope="col">{w.calendar}</th>
            </tr>
          </thead>
          <tbody>
            {props.policies.map((policy) => (
              <tr key={policy.id}>
                <th scope="row">
                  <a href={policyPath(policy.id)}>{policy.id}</a>
                  {policy.builtIn && <span class="stage"> {w.builtIn}</span>}
                </th>
                <td>{policy.name}</td>
                <td class="num">{policy.version}</td>
                <td class="num">{policy.steps.length}</td>
                <td>{calendarText(policy, ctx)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may(ctx, 'write') && (
        <details open={refusal !== undefined}>
          <summary>{w.newPolicy}</summary>
          <form method="post" action="/app/policies" id="new-policy-form">
            <CsrfField ctx={ctx} />
            <TextAreaField
              form="new-policy"
              refusal={refusal}
              name="policy"
              field="*"
              label={w.json}
              hint={w.newPolicyHint}
              rows={16}
              value={JSON.stringify(
                { id: '', name: '', calendar: { sendHour: 9, businessDaysOnly: true }, steps: [] },
                null,
                2,
              )}
            />
            <button type="submit">{w.save}</button>
          </form>
        </details>
      )}
    </Layout>
  );
}

function calendarText(policy: Policy, ctx: PageContext): string {
  const w = words[ctx.locale];
  if (!policy.calendar) return w.noCalendar;
  const hour = `${String(policy.calendar.sendHour).padStart(2, '0')}:00`;
  return `${w.sendAt} ${hour}${policy.calendar.businessDaysOnly ? `, ${w.businessDays}` : ''}`;
}

/** The version as a person edits it: its body without the version number and what the API adds. */
function editable(policy: Policy): string {
  const body = Object.fromEntries(Object.entries(policy).filter(([key]) => !NOT_EDITED.has(key)));
  return JSON.stringify(body, null, 2);
}

function PolicyPage(props: {
  ctx: PageContext;
  policy: Policy;
  notice: string | undefined;
  refusal: Refusal | undefined;
}): VNode {
  const { ctx, policy, refusal } = props;
  const w = words[ctx.locale];
  const settings = Object.entries(policy).filter(
    ([key, value]) =>
      !NOT_EDITED.has(key) && !['id', 'name', 'steps', 'calendar'].includes(key) && typeof value !== 'object',
  );
  return (
    <Layout ctx={ctx} title={`${policy.name} (${policy.id})`}>
      <p>
        <a href="/app/policies">{w.back}</a>
      </p>
      <DoneNotice message={props.notice} />
      <ProblemNotice ctx={ctx} problem={refusal?.problem} />
      <dl class="facts" id="policy-facts">
        <dt>{w.version}</dt>
        <dd>
          {policy.version} ({policy.builtIn ? w.builtIn : w.stored})
        </dd>
        {policy.versions && policy.versions.length > 1 && (
          <>
            <dt>{w.versions}</dt>
            <dd>{policy.versions.join(', ')}</dd>
          </>
        )}
        <dt>{w.calendar}</dt>
        <dd>{calendarText(policy, ctx)}</dd>
        {settings.map(([key, value]) => (
          <Fragment key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{String(value)}</dd>
          </Fragment>
        ))}
      </dl>
      <h2 id="steps-title">{w.steps}</h2>
      <table id="policy-steps" aria-labelledby="steps-title">
        <thead>
          <tr>
            <th scope="col" class="num">
              {w.index}
            </th>
            <th scope="col">{w.after}</th>
            <th scope="col">{w.action}</th>
            <th scope="col">{w.template}</th>
            <th scope="col">{w.deadline}</th>
            <th scope="col">{w.approval}</th>
          </tr>
        </thead>
        <tbody>
          {policy.steps.map((step, index) => (
            <tr key={index}>
              <th scope="row" class="num">
                {index + 1}
              </th>
              <td>
                <code>{step.after}</code>
              </td>
              <td>{step.action}</td>
              <td>{step.template}</td>
              <td>{step.deadline ? <code>{step.deadline}</code> : '—'}</td>
              <td>{step.approval ? `${step.approval.timeout} → ${step.approval.onTimeout}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {may(ctx, 'write') &&
        (policy.builtIn ? (
          <p>{w.builtInNote}</p>
        ) : (
          <section aria-labelledby="new-version-title">
            <h2 id="new-version-title">{w.newVersion}</h2>
            <form method="post" action={`${policyPath(policy.id)}/versions`} id="new-version-form">
              <CsrfField ctx={ctx} />
              <TextAreaField
                form="new-version"
                refusal={refusal}
                name="policy"
                field="*"
                label={w.json}
                hint={w.newVersionHint}
                rows={20}
                value={editable(policy)}
              />
              <button type="submit">{w.save}</button>
            </form>
          </section>
        ))}
    </Layout>
  );
}
