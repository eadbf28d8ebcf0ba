import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** The console's legal files: the open files, one file's amounts, route and events, its event and close forms. */
describe('the console’s legal-files pages', () => {
  let stack: TestStack;
  const policyId = `console-legal-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const today = () => DateTime.now().setZone('Europe/Paris').toISODate()!;

  beforeAll(async () => {
    stack = await startTestStack();
    // The notice and the legal file state statutory interest through today: the rate table must be known that far.
    const knownUntil = DateTime.now().plus({ days: 30 }).toISODate();
    expect((await ops(request(stack.app).post('/v1/rates/ECB_MRO')).send({ knownUntil })).status).toBe(200);
    const policy = await ops(request(stack.app).post('/v1/policies')).send({
      id: policyId,
      name: 'Notice, then the legal file, in seconds',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT0S', action: 'formal_notice', deadline: 'PT3S' },
        { after: 'PT1S', action: 'legal_file' },
      ],
    });
    expect(policy.status).toBe(201);
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/legal-files' });
    await agent.get('/app/lang?to=en&back=/app/legal-files');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  /** An invoice walked through its formal notice to an open legal file. */
  async function openFile(): Promise<{ invoiceId: string; fileId: string }> {
    const invoiceId = `CL-${randomUUID().slice(0, 8)}`;
    const body = invoiceBody(
      invoiceId,
      `${invoiceId.toLowerCase()}@client.test`,
      new Date(Date.now() + 2_000).toISOString(),
      {
        policyId,
      },
    );
    expect((await ops(request(stack.app).post('/v1/invoices')).send(body)).status).toBe(201);
    await eventually(
      () => ops(request(stack.app).get(`/v1/invoices/${invoiceId}`)),
      (r) => r.body.state?.legalFile?.status === 'open',
      60_000,
    );
    return { invoiceId, fileId: `LF-${invoiceId}` };
  }

  it('lists the open files and shows one with its amounts and route, without forms for support', async () => {
    const { invoiceId, fileId } = await openFile();
    const agent = await signedIn(KEYS.support);
    const list = await agent.get('/app/legal-files');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<a href="/app/legal-files/${fileId}">${fileId}</a>`);
    expect(list.text).toContain(`href="/app/invoices/${invoiceId}"`);
    const page = await agent.get(`/app/legal-files/${fileId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="legal-file-amounts"');
    expect(page.text).toContain('<th scope="row">Principal</th><td class="num">€1,234.50</td>');
    expect(page.text).toContain('id="legal-file-route"');
    expect(page.text).not.toContain('id="event-form"');
    expect(page.text).not.toContain('id="close-form"');
  });

  it('records an event with an amount typed in euros, refuses one without a date, and closes the file', async () => {
    const { invoiceId, fileId } = await openFile();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/legal-files/${fileId}`);
    const csrf = csrfOf(page.text);
    const refused = await agent
      .post(`/app/legal-files/${fileId}/events`)
      .type('form')
      .send({ _csrf: csrf, type: 'cost', date: '', amount: '180,00', note: 'bailiff' });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="event-date"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('value="180,00"');
    const recorded = await agent
      .post(`/app/legal-files/${fileId}/events`)
      .type('form')
      .send({ _csrf: csrf, type: 'cost', date: today(), amount: '180,00', note: 'bailiff' });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.location).toBe(`/app/legal-files/${fileId}?done=event`);
    const shown = await agent.get(recorded.headers.location!);
    expect(shown.text).toContain('The event is recorded.');
    expect(shown.text).toContain('€180.00');
    const stored = await ops(request(stack.app).get(`/v1/legal-files/${fileId}`));
    expect(stored.body.events).toEqual([expect.objectContaining({ type: 'cost', amount: 18_000, note: 'bailiff' })]);

    const closed = await agent
      .post(`/app/legal-files/${fileId}/close`)
      .type('form')
      .send({ _csrf: csrf, outcome: 'settled', note: 'agreed at the hearing' });
    expect(closed.status).toBe(303);
    expect((await ops(request(stack.app).get(`/v1/legal-files/${fileId}`))).body).toMatchObject({
      status: 'closed',
      outcome: 'settled',
    });
    const after = await agent.get(closed.headers.location!);
    expect(after.text).toContain('The file is closed.');
    expect(after.text).not.toContain('id="close-form"');
    const invoice = await ops(request(stack.app).get(`/v1/invoices/${invoiceId}`));
    expect(invoice.body.state.status).toBe('settled');
  });
});
