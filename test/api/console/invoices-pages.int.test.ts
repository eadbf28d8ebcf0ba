import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { parseMoneyInput } from '../../../api/console/form-values';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

type Agent = ReturnType<typeof request.agent>;

/** The console's invoice pages, as a person reads and uses them, against the real servers. */
describe('the console’s invoice pages', () => {
  let stack: TestStack;
  const policyId = `console-${randomUUID().slice(0, 8)}`;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const martin = { id: `MM-${run}`, name: 'Menuiserie Martin' };
  const dupont = { id: `BD-${run}`, name: 'Boulangerie Dupont' };
  const ids = { martin1: `F-${run}-001`, martin2: `F-${run}-002`, dupont: `F-${run}-003` };

  const inSeconds = (s: number) => new Date(Date.now() + s * 1_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

  async function createInvoice(id: string, customer: { id: string; name: string }, amount: number) {
    const body = invoiceBody(id, `${customer.id.toLowerCase()}@client.test`, inSeconds(1), { policyId, amount });
    const created = await ops(request(stack.app).post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customer.id, name: customer.name },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
  }

  async function signIn(key: string, next = '/app/invoices'): Promise<Agent> {
    const agent = request.agent(stack.app);
    const signedIn = await agent.post('/app/sign-in').type('form').send({ key, next });
    expect(signedIn.status).toBe(303);
    return agent;
  }

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const stage = async (id: string) =>
    (await ops(request(stack.app).get(`/v1/invoices/${id}`))).body.state.stage as string;

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(request(stack.app).post('/v1/policies')).send({
      id: policyId,
      name: 'Console pages',
      calendar: null,
      instalmentGrace: 'P5D',
      promiseGrace: 'P3D',
      disputeSla: 'P30D',
      steps: [
        { after: 'PT1S', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'phone_task' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
    await createInvoice(ids.martin1, martin, 123_456);
    await createInvoice(ids.martin2, martin, 50_000);
    await createInvoice(ids.dupont, dupont, 90_000);
    // The first reminder of each is sent, so every proof trail has a row.
    for (const id of Object.values(ids)) {
      await eventually(
        () => ops(request(stack.app).get(`/v1/invoices/${id}/communications`)),
        (r) => r.body.items?.some((row: { kind: string }) => row.kind === 'step:email'),
        60_000,
      );
    }
  }, 180_000);

  afterAll(() => stack.stop());

  it('finds the invoices of “Menuiserie Martin” by searching “Martin”, and not the others', async () => {
    const agent = await signIn(KEYS.support);
    const page = await agent.get('/app/invoices?q=Martin').set('Accept-Language', 'fr');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="q">Rechercher / Search</label>');
    expect(page.text).toContain(`href="/app/invoices/${ids.martin1}"`);
    expect(page.text).toContain(`href="/app/invoices/${ids.martin2}"`);
    expect(page.text).not.toContain(ids.dupont);
    expect(page.text).toContain('Menuiserie Martin');
    expect(page.text).toMatch(/1\s234,56\s€/u);
    // The aging: a chart described for screen readers, its data for the script, and the same figures as a table.
    expect(page.text).toMatch(/<canvas id="aging-chart" role="img" aria-label="[^"]*EUR/);
    expect(page.text).toContain('<script type="application/json" id="aging-data">');
    expect(page.text).toContain('src="/app/assets/aging-chart.js"');
    expect(page.text).toMatch(/<table data-testid="aging-EUR">/);
    const script = await agent.get('/app/assets/aging-chart.js');
    expect([script.status, script.headers['content-type']]).toEqual([200, expect.stringContaining('javascript')]);
  });

  it('filters by stage and shows the API’s refusal of a search too long, naming q', async () => {
    const agent = await signIn(KEYS.support);
    const calling = await agent.get('/app/invoices?stage=calling&q=Martin');
    expect(calling.status).toBe(200);
    expect(calling.text).not.toContain(ids.martin1);
    const tooLong = await agent.get(`/app/invoices?q=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('<code>q</code>');
  });

  it('shows an invoice’s stage, timeline and proof trail rows, with its customer linked', async () => {
    const agent = await signIn(KEYS.support);
    const page = await agent.get(`/app/invoices/${ids.martin1}`).set('Accept-Language', 'en');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/app/customers/${martin.id}"`);
    expect(page.text).toMatch(/<span class="stage stage-reminding" data-stage="reminding">E-mail reminders<\/span>/);
    // The timeline: the reminder sent, the call to come.
    const timeline = /<table data-testid="timeline">([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    expect(timeline).toMatch(/E-mail<\/th><td>reminder-1<\/td><td>Done — sent/);
    expect(timeline).toMatch(/Phone call<\/th><td>[^<]*<\/td><td>Planned/);
    // The proof trail: the reminder's row with its recipient and Message-ID.
    const trail = /<table data-testid="proof-trail"[^>]*>([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    expect(trail).toContain('<code>step:email</code>');
    expect(trail).toContain(`${martin.id.toLowerCase()}@client.test`);
    expect(trail).toMatch(/<td class="message-id">&lt;[^<]+@[^<]+><\/td>/);
  });

  it('shows support no action form at all', async () => {
    const agent = await signIn(KEYS.support);
    const page = await agent.get(`/app/invoices/${ids.martin1}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/actions/');
    expect(page.text).not.toContain('id="actions-title"');
  });

  it('shows the payments role the payment form only (a reversal once there is a payment)', async () => {
    const agent = await signIn(KEYS.payments);
    const page = await agent.get(`/app/invoices/${ids.martin1}`);
    const forms = [...page.text.matchAll(/<form method="post" action="[^"]*\/actions\/([a-z-]+)"/g)].map((m) => m[1]);
    expect(forms).toEqual(['payment']);
  });

  it('refuses a promise dated in the past with the API’s status and its field error, keeping what was typed', async () => {
    const agent = await signIn(KEYS.ops);
    const page = await agent.get(`/app/invoices/${ids.martin2}`);
    expect(page.text).toContain('id="promise-form"');
    const refused = await agent
      .post(`/app/invoices/${ids.martin2}/actions/promise`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), promisedDate: '2020-01-15', amount: '' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.text).toContain('role="alert"');
    expect(refused.text).toContain('<code>promisedDate</code>');
    // The error stands next to its input, which says so to assistive technology.
    const input = /<input id="promise-promisedDate"[^>]*>/.exec(refused.text)![0];
    expect(input).toContain('value="2020-01-15"');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="promise-promisedDate-error"');
    expect(refused.text).toMatch(/<small id="promise-promisedDate-error" class="error">promisedDate/);
    expect(refused.text).toMatch(/<details open data-action="promise">/);
    // The language switch leads back to the invoice, not to the address the form posted to.
    expect(refused.text).toContain(`back=${encodeURIComponent(`/app/invoices/${ids.martin2}`)}"`);
    expect(await stage(ids.martin2)).toBe('reminding');
  });

  it('refuses an amount it cannot read before calling the API, naming the field', async () => {
    const agent = await signIn(KEYS.ops);
    const page = await agent.get(`/app/invoices/${ids.martin2}`);
    const refused = await agent
      .post(`/app/invoices/${ids.martin2}/actions/promise`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), promisedDate: inDays(10), amount: 'douze euros' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<code>amount</code>');
    expect(refused.text).toContain('value="douze euros"');
  });

  it('records a valid promise: redirects to the invoice with a confirmation, and the API says promise_to_pay', async () => {
    const agent = await signIn(KEYS.ops);
    const page = await agent.get(`/app/invoices/${ids.martin2}`);
    const done = await agent
      .post(`/app/invoices/${ids.martin2}/actions/promise`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), promisedDate: inDays(10), amount: '250,00' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/app/invoices/${ids.martin2}?done=promise`);
    const state = (await ops(request(stack.app).get(`/v1/invoices/${ids.martin2}`))).body.state;
    expect(state.stage).toBe('promise_to_pay');
    expect(state.promise).toMatchObject({ promisedDate: inDays(10), amount: 25_000 });
    const after = await agent.get(done.headers.location!).set('Accept-Language', 'en');
    expect(after.text).toContain('class="notice"');
    expect(after.text).toContain('promise to pay recorded');
    expect(after.text).toContain('stage-promise_to_pay');
  });

  it('records a payment typed in major units, then offers its reversal', async () => {
    const agent = await signIn(KEYS.payments);
    const page = await agent.get(`/app/invoices/${ids.dupont}`);
    const paid = await agent
      .post(`/app/invoices/${ids.dupont}/actions/payment`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), paymentId: `VIR-${run}`, amount: '100,50', receivedAt: inDays(0) });
    expect(paid.status).toBe(303);
    const state = (await ops(request(stack.app).get(`/v1/invoices/${ids.dupont}`))).body.state;
    expect(state.balance).toBe(90_000 - 10_050);
    const after = await agent.get(`/app/invoices/${ids.dupont}`);
    const forms = [...after.text.matchAll(/<form method="post" action="[^"]*\/actions\/([a-z-]+)"/g)].map((m) => m[1]);
    expect(forms).toEqual(['payment', 'reversal']);
    expect(after.text).toContain(`<option value="VIR-${run}">`);
  });

  it('agrees an instalment plan from the rows filled in, ignoring the empty ones', async () => {
    const agent = await signIn(KEYS.ops);
    const page = await agent.get(`/app/invoices/${ids.martin1}`);
    const done = await agent
      .post(`/app/invoices/${ids.martin1}/actions/plan`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        dueDate0: inDays(10),
        amount0: '600',
        dueDate1: '',
        amount1: '',
        dueDate2: inDays(40),
        amount2: '634,56',
      });
    expect([done.status, done.text]).toEqual([303, expect.anything()]);
    const state = (await ops(request(stack.app).get(`/v1/invoices/${ids.martin1}`))).body.state;
    expect(state.stage).toBe('instalment_plan');
    expect(state.plan.instalments.map((i: { amount: number }) => i.amount)).toEqual([60_000, 63_456]);
  });

  it('streams a document to the browser’s PDF viewer', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const uploaded = await ops(request(stack.app).post(`/v1/invoices/${ids.martin1}/documents`)).send({
      kind: 'invoice',
      filename: `facture-${ids.martin1}.pdf`,
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(uploaded.status).toBe(201);
    const agent = await signIn(KEYS.support);
    const page = await agent.get(`/app/invoices/${ids.martin1}`);
    const href = `/app/documents/${encodeURIComponent(uploaded.body.id)}`;
    expect(page.text).toContain(`href="${href}"`);
    const opened = await agent.get(href).buffer(true);
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.headers['content-disposition']).toMatch(/^inline; filename="?facture-/);
    expect(opened.headers['x-content-type-options']).toBe('nosniff');
    expect(opened.headers['content-security-policy']).toBeUndefined();
    expect(Buffer.from(opened.body).equals(pdf)).toBe(true);
    const missing = await agent.get('/app/documents/no-such-document');
    expect(missing.status).toBe(404);
  });

  it('answers 404 for an invoice that does not exist', async () => {
    const agent = await signIn(KEYS.support);
    expect((await agent.get('/app/invoices/NOPE-404')).status).toBe(404);
  });
});

describe('amounts typed in a console form', () => {
  it.each([
    ['1 234,56', 'EUR', 123_456],
    ['1234.56', 'EUR', 123_456],
    ['1,234.56', 'EUR', 123_456],
    ['1.234,56', 'EUR', 123_456],
    ['1\u202f234,5', 'EUR', 123_450],
    ['12', 'EUR', 1_200],
    ['0,05', 'EUR', 5],
    ['1,234', 'JPY', 1_234],
    ['12.345', 'KWD', 12_345],
  ])('reads %s %s as %d minor units', (text, currency, minor) => {
    expect(parseMoneyInput(text, currency)).toBe(minor);
  });

  it.each([
    ['1,234', 'EUR'],
    ['1.5', 'JPY'],
    ['12,345', 'EUR'],
    ['1,2,3', 'EUR'],
    ['abc', 'EUR'],
    ['1.', 'EUR'],
    ['', 'EUR'],
  ])('refuses %s %s rather than guess', (text, currency) => {
    expect(parseMoneyInput(text, currency)).toBeUndefined();
  });
});
