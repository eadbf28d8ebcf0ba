import request from 'supertest';
import { insertInvoice } from '../../../db/invoices';
import { createTestDatabase } from '../../support/test-database';
import { KEYS } from '../../support/test-stack';
import { createApiApp, unreachableTemporal } from '../support/api-app';

/** Finding an invoice by its number or its customer's name: `GET /v1/invoices?q=` and `?customer=`. */
describe('searching invoices by number or customer name', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApiApp>['app'];
  const temporal = unreachableTemporal();
  const support = (path: string) => request(app).get(path).auth(KEYS.support, { type: 'bearer' });
  const ids = async (path: string) => {
    const response = await support(path);
    expect([response.status, response.body.detail]).toEqual([200, undefined]);
    return (response.body.items as { id: string }[]).map((item) => item.id);
  };

  async function invoice(id: string, customerId: string, name: string) {
    await insertInvoice(db, {
      id,
      customerId,
      customer: { id: customerId, name, email: `${customerId.toLowerCase()}@client.test`, timezone: 'Europe/Paris' },
      amount: 10_000,
      currency: 'EUR',
      issueDate: '2026-04-15',
      dueDate: '2026-05-15',
      dueAt: '2026-05-15T21:59:59Z',
      policyId: 'fr-b2b-standard',
      policyVersion: 1,
      requestHash: 'h',
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app } = createApiApp({ db, temporal }));
    await invoice('F-2026-0101', 'C-MM', 'Menuiserie Martin');
    await invoice('F-2026-0102', 'C-MM', 'Menuiserie Martin');
    await invoice('F-2026-0201', 'C-BD', 'Boulangerie Dupont');
    await invoice('F-2026-0301', 'C-EL', 'Électricité Lefèvre & Fils');
    await invoice('F-2026-0401', 'C-PC', '100% Café_Bar');
    await invoice('AV-2026-0001', 'C-ST', 'Martinez Studio');
  });

  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  it('finds the invoices of a customer by part of its name, ignoring case', async () => {
    expect(await ids('/v1/invoices?q=menuiserie')).toEqual(['F-2026-0101', 'F-2026-0102']);
    expect(await ids('/v1/invoices?q=MARTIN')).toEqual(['AV-2026-0001', 'F-2026-0101', 'F-2026-0102']);
    expect(await ids('/v1/invoices?customer=Menuiserie%20Martin')).toEqual(['F-2026-0101', 'F-2026-0102']);
  });

  it('finds an invoice by part of its number, ignoring case', async () => {
    expect(await ids('/v1/invoices?q=f-2026-02')).toEqual(['F-2026-0201']);
    expect(await ids('/v1/invoices?q=0001')).toEqual(['AV-2026-0001']);
    // A customer filter reads names only: a number finds nothing there.
    expect(await ids('/v1/invoices?customer=F-2026')).toEqual([]);
  });

  it('ignores accents on either side', async () => {
    expect(await ids('/v1/invoices?q=electricite%20lefevre')).toEqual(['F-2026-0301']);
    expect(await ids(`/v1/invoices?customer=${encodeURIComponent('ÉLECTRICITÉ')}`)).toEqual(['F-2026-0301']);
    expect(await ids(`/v1/invoices?q=${encodeURIComponent('dùpont')}`)).toEqual(['F-2026-0201']);
  });

  it('takes % and _ as the characters they are, not as wildcards', async () => {
    expect(await ids('/v1/invoices?q=100%25')).toEqual(['F-2026-0401']);
    expect(await ids('/v1/invoices?q=%25')).toEqual(['F-2026-0401']);
    expect(await ids('/v1/invoices?q=_')).toEqual(['F-2026-0401']);
    expect(await ids('/v1/invoices?q=F_2026')).toEqual([]);
  });

  it('combines the search with the other filters and pages through the results', async () => {
    expect(await ids('/v1/invoices?q=martin&customerId=C-ST')).toEqual(['AV-2026-0001']);
    expect(await ids('/v1/invoices?q=martin&customer=menuiserie')).toEqual(['F-2026-0101', 'F-2026-0102']);
    const first = await support('/v1/invoices?q=martin&limit=2');
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(['AV-2026-0001', 'F-2026-0101']);
    expect(first.body.nextCursor).toBe('F-2026-0101');
    expect(await ids('/v1/invoices?q=martin&limit=2&cursor=F-2026-0101')).toEqual(['F-2026-0102']);
  });

  it('takes a blank search as no filter, and a search without the spaces around it', async () => {
    expect(await ids('/v1/invoices?q=')).toHaveLength(6);
    expect(await ids('/v1/invoices?q=%20%20dupont%20')).toEqual(['F-2026-0201']);
  });

  it.each([
    ['/v1/invoices?q=' + 'a'.repeat(101), 'q'],
    ['/v1/invoices?customer=' + 'a'.repeat(101), 'customer'],
    ['/v1/invoices?q=Martin%00', 'q'],
    ['/v1/invoices?customer=Mar%0Atin', 'customer'],
    ['/v1/invoices?q=a&q=b', 'q'],
    ['/v1/invoices?customerName=Martin', 'customerName'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const response = await support(path);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('documents both parameters in /openapi.json', async () => {
    const document = await request(app).get('/openapi.json');
    const parameters = document.body.paths['/v1/invoices'].get.parameters as { name: string; schema: object }[];
    expect(parameters.find((p) => p.name === 'q')?.schema).toMatchObject({ type: 'string', maxLength: 100 });
    expect(parameters.find((p) => p.name === 'customer')?.schema).toMatchObject({ type: 'string', maxLength: 100 });
  });
});
