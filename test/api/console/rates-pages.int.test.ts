import request from 'supertest';
import { KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** The console's rates: each table with its entries and knownUntil, and an entry appended through the API. */
describe('the console’s rates page', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });

  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/rates' });
    await agent.get('/app/lang?to=en&back=/app/rates');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  it('shows every table with its entries and how far it is known, without forms for support', async () => {
    const tables = (await ops(request(stack.app).get('/v1/rates'))).body as { table: string; knownUntil: string }[];
    const agent = await signedIn(KEYS.support);
    const page = await agent.get('/app/rates');
    expect(page.status).toBe(200);
    for (const table of tables) {
      expect(page.text).toContain(`id="rates-${table.table}-title"`);
    }
    expect(page.text).toContain('Known until');
    expect(page.text).toMatch(/Successive rates \(\d+\)/);
    expect(page.text).not.toContain('id="rates-ECB_MRO-form"');
  });

  it('appends a rate typed with a decimal comma, and refuses a knownUntil moving back naming the field', async () => {
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get('/app/rates');
    expect(page.text).toContain('id="rates-DE_BASE-form"');
    const before = (await ops(request(stack.app).get('/v1/rates'))).body.find(
      (t: { table: string }) => t.table === 'DE_BASE',
    ) as { knownUntil: string };
    const refused = await agent
      .post('/app/rates/DE_BASE')
      .type('form')
      .send({ _csrf: csrfOf(page.text), from: '', ratePercent: '', knownUntil: '2000-01-01' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The request was refused');
    expect(refused.text).toMatch(/id="rates-DE_BASE-knownUntil"[^>]*value="2000-01-01"/);

    const appended = await agent
      .post('/app/rates/DE_BASE')
      .type('form')
      .send({ _csrf: csrfOf(page.text), from: '2099-01-01', ratePercent: '3,15', knownUntil: '2099-06-30' });
    expect(appended.status).toBe(303);
    expect(appended.headers.location).toBe('/app/rates?done=append');
    const table = (await ops(request(stack.app).get('/v1/rates'))).body.find(
      (t: { table: string }) => t.table === 'DE_BASE',
    );
    expect(table.entries).toContainEqual({ from: '2099-01-01', ratePercent: 3.15 });
    expect(table.knownUntil).toBe('2099-06-30');
    expect(before.knownUntil < '2099-06-30').toBe(true);
    const after = await agent.get(appended.headers.location!);
    expect(after.text).toContain('The table is updated.');
    expect(after.text).toContain('3.15 %');
  });
});
