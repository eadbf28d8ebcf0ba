import {
  appendCommunication,
  CommunicationRow,
  exportProofTrail,
  listCommunications,
  verifyProofTrail,
} from '../../db/communications';
import type { Database } from '../../db/database';
import { createTestDatabase } from '../support/test-database';
import { anInvoice } from './fixtures';

describe('the proof trail', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  const row = (invoiceId: string, n: number, overrides: Partial<CommunicationRow> = {}): CommunicationRow => ({
    id: `${invoiceId}:row-${n}`,
    invoiceId,
    channel: 'email',
    kind: 'step:email',
    recipient: 'ap@dupont.test',
    template: 'reminder-1',
    messageId: `<${n}@atelier-martin.test>`,
    result: 'sent',
    detail: { subject: `Rappel ${n}`, nested: { b: 2, a: [1, 'é'] } },
    occurredAt: `2026-03-0${n}T09:00:00.000Z`,
    ...overrides,
  });

  async function trailOf(count: number): Promise<string> {
    const { id } = anInvoice();
    for (let n = 1; n <= count; n++) await appendCommunication(db, row(id, n));
    return id;
  }

  it('appends each row once, however often the same write is retried', async () => {
    const { id } = anInvoice();
    expect(await appendCommunication(db, row(id, 1))).toBe(true);
    expect(await appendCommunication(db, row(id, 1, { result: 'rejected' }))).toBe(false);
    expect(await listCommunications(db, id)).toEqual([row(id, 1)]);
  });

  it.each([
    ['UPDATE', (id: string) => `UPDATE communications SET result = 'opened' WHERE invoice_id = '${id}'`],
    ['DELETE', (id: string) => `DELETE FROM communications WHERE invoice_id = '${id}'`],
    ['TRUNCATE', () => 'TRUNCATE communications'],
  ])('refuses %s in PostgreSQL itself', async (operation, sql) => {
    const id = await trailOf(1);
    await expect(db.query(sql(id))).rejects.toThrow(
      `the proof trail is append-only: ${operation} on communications is refused`,
    );
    expect(await listCommunications(db, id)).toHaveLength(1);
  });

  it('exports the rows in order, as JSON, chained so that the export checks out', async () => {
    const id = await trailOf(3);
    const trail = await exportProofTrail(db, id, new Date('2026-03-10T00:00:00Z'));

    expect(trail).toMatchObject({ invoiceId: id, exportedAt: '2026-03-10T00:00:00.000Z', algorithm: 'sha256-chain' });
    expect(trail.rows.map((r) => r.id)).toEqual([1, 2, 3].map((n) => `${id}:row-${n}`));
    expect(trail.digest).toBe(trail.rows[2]!.hash);
    expect(JSON.parse(JSON.stringify(trail))).toEqual(trail);
    expect(verifyProofTrail(JSON.parse(JSON.stringify(trail)))).toEqual({ valid: true, firstBadRow: -1 });
    expect((await exportProofTrail(db, id)).digest).toBe(trail.digest);
  });

  it('shows where an exported trail was tampered with: a changed, removed or reordered row', async () => {
    const trail = await exportProofTrail(db, await trailOf(3));

    const changed = structuredClone(trail);
    changed.rows[1]!.detail.subject = 'Rappel amical';
    expect(verifyProofTrail(changed)).toEqual({ valid: false, firstBadRow: 1 });

    const removed = { ...trail, rows: [trail.rows[0]!, trail.rows[2]!] };
    expect(verifyProofTrail(removed)).toEqual({ valid: false, firstBadRow: 1 });

    const reordered = { ...trail, rows: [trail.rows[1]!, trail.rows[0]!, trail.rows[2]!] };
    expect(verifyProofTrail(reordered).valid).toBe(false);

    const truncated = { ...trail, rows: trail.rows.slice(0, 2) };
    expect(verifyProofTrail(truncated)).toEqual({ valid: false, firstBadRow: 2 });
  });

  it('exports an empty trail with the genesis digest', async () => {
    const trail = await exportProofTrail(db, 'no-such-invoice');
    expect(trail.rows).toEqual([]);
    expect(trail.digest).toBe('0'.repeat(64));
  });
});
