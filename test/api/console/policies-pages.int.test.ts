import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** The console's policies: the list, one policy's steps as a table, a new version posted as JSON. */
describe('the console’s policies pages', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const policyId = `console-policy-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    const created = await ops(request(stack.app).post('/v1/policies')).send({
      id: policyId,
      name: 'Gentle',
      calendar: { sendHour: 9, businessDaysOnly: true },
      instalmentGrace: 'P5D',
      promiseGrace: 'P3D',
      disputeSla: 'P10D',
      steps: [
        { after: 'P1D', action: 'email', template: 'reminder-1' },
        { after: 'P15D', action: 'phone_task' },
      ],
    });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/policies' });
    await agent.get('/app/lang?to=en&back=/app/policies');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const textareaOf = (html: string) =>
    /<textarea id="new-version-policy"[^>]*>([\s\S]*?)<\/textarea>/
      .exec(html)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');

  it('lists the policies and shows one policy’s steps as a table, without forms for support', async () => {
    const agent = await signedIn(KEYS.support);
    const list = await agent.get('/app/policies');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<a href="/app/policies/${policyId}">${policyId}</a>`);
    expect(list.text).not.toContain('id="new-policy-form"');
    const page = await agent.get(`/app/policies/${policyId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Gentle (');
    expect(page.text).toMatch(/<th scope="row" class="num">2<\/th><td><code>P15D<\/code><\/td><td>phone_task<\/td>/);
    expect(page.text).not.toContain('id="new-version-form"');
  });

  it('saves a new version from the prefilled JSON, and refuses a broken one naming the field', async () => {
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/policies/${policyId}`);
    const current = JSON.parse(textareaOf(page.text)) as { steps: { after: string }[]; version?: number };
    expect(current.version).toBeUndefined();
    expect(current.steps).toHaveLength(2);

    const broken = { ...current, steps: [{ ...current.steps[0], after: 'soon' }, current.steps[1]] };
    const refused = await agent
      .post(`/app/policies/${policyId}/versions`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), policy: JSON.stringify(broken, null, 2) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The request was refused');
    expect(refused.text).toMatch(/<code>steps\[0\]\.after<\/code>/);
    expect(refused.text).toMatch(/id="new-version-policy"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('&quot;soon&quot;');

    const notJson = await agent
      .post(`/app/policies/${policyId}/versions`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), policy: '{ "id": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('The text is not valid JSON');

    const edited = {
      ...current,
      steps: [...current.steps, { after: 'P30D', action: 'email', template: 'reminder-1' }],
    };
    const saved = await agent
      .post(`/app/policies/${policyId}/versions`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), policy: JSON.stringify(edited) });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/app/policies/${policyId}?done=version`);
    const stored = await ops(request(stack.app).get(`/v1/policies/${policyId}`));
    expect(stored.body).toMatchObject({ version: 2, versions: [1, 2] });
    expect(stored.body.steps).toHaveLength(3);
    const after = await agent.get(saved.headers.location!);
    expect(after.text).toContain('The new version is saved.');
  });
});
