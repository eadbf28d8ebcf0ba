import { isCalendarDate } from '../../domain/due-moment';
import { appendRateEntries } from '../../domain/rates/append-rate-entries';
import { PUBLISHED_RATE_TABLES } from '../../domain/rates/published-rate-tables';
import { RateChange, rateInForceOn } from '../../domain/rates/rate-change';
import { RATE_TABLE_NAMES, RateTable } from '../../domain/rates/rate-table';
import { domainError } from './support';

describe.each(PUBLISHED_RATE_TABLES.map((t) => [t.table, t] as const))('the published %s table', (_name, table) => {
  it('is sorted strictly by valid dates, starts no later than 2019 and holds two-decimal rates', () => {
    table.entries.forEach((change, i) => {
      expect(isCalendarDate(change.from)).toBe(true);
      expect(Math.round(change.ratePercent * 100) / 100).toBe(change.ratePercent);
      if (i > 0) expect(change.from > (table.entries[i - 1] as RateChange).from).toBe(true);
    });
    expect((table.entries[0] as RateChange).from <= '2019-01-01').toBe(true);
  });

  it('is known no further than its last entry allows a maintainer to vouch for', () => {
    expect(table.knownUntil >= (table.entries[table.entries.length - 1] as RateChange).from).toBe(true);
  });
});

describe('PUBLISHED_RATE_TABLES', () => {
  it('holds one table per name with the known-until dates of the last review', () => {
    expect(PUBLISHED_RATE_TABLES.map((t) => [t.table, t.knownUntil])).toEqual([
      ['ECB_MRO', '2026-02-11'],
      ['DE_BASE', '2026-06-30'],
      ['BOE_BANK', '2026-02-04'],
    ]);
    expect(PUBLISHED_RATE_TABLES.map((t) => t.table).sort()).toEqual([...RATE_TABLE_NAMES].sort());
  });

  it('gives the rates in force on the reference dates', () => {
    const [ecb, de, boe] = PUBLISHED_RATE_TABLES.map((t) => t.entries);
    expect(rateInForceOn(ecb ?? [], '2022-07-01')).toBe(0);
    expect(rateInForceOn(ecb ?? [], '2025-01-01')).toBe(3.15);
    expect(rateInForceOn(ecb ?? [], '2025-06-10')).toBe(2.4);
    expect(rateInForceOn(ecb ?? [], '2026-01-01')).toBe(2.15);
    expect(rateInForceOn(de ?? [], '2022-12-31')).toBe(-0.88);
    expect(rateInForceOn(de ?? [], '2026-01-01')).toBe(1.27);
    expect(rateInForceOn(boe ?? [], '2024-12-31')).toBe(4.75);
    expect(rateInForceOn(boe ?? [], '2025-12-31')).toBe(3.75);
    expect(rateInForceOn(de ?? [], '2010-01-01')).toBeNull();
  });
});

describe('appendRateEntries', () => {
  const ecb: RateTable = {
    table: 'ECB_MRO',
    entries: [
      { from: '2025-04-23', ratePercent: 2.4 },
      { from: '2025-06-11', ratePercent: 2.15 },
    ],
    knownUntil: '2026-02-11',
  };

  it('appends a new change and moves knownUntil to it by default', () => {
    expect(appendRateEntries(ecb, { entries: [{ from: '2026-03-18', ratePercent: 2 }] })).toEqual({
      table: 'ECB_MRO',
      entries: [...ecb.entries, { from: '2026-03-18', ratePercent: 2 }],
      knownUntil: '2026-03-18',
    });
  });

  it('sorts the entries, and takes an explicit knownUntil', () => {
    const next = appendRateEntries(ecb, {
      entries: [
        { from: '2026-06-10', ratePercent: 1.75 },
        { from: '2026-03-18', ratePercent: 2 },
      ],
      knownUntil: '2026-07-22',
    });
    expect(next.entries.slice(2).map((e) => e.from)).toEqual(['2026-03-18', '2026-06-10']);
    expect(next.knownUntil).toBe('2026-07-22');
  });

  it('confirms an unchanged rate by moving knownUntil alone, and treats a re-post as a no-op', () => {
    expect(appendRateEntries(ecb, { entries: [], knownUntil: '2026-03-18' })).toEqual({
      ...ecb,
      knownUntil: '2026-03-18',
    });
    expect(appendRateEntries(ecb, { entries: [{ from: '2025-06-11', ratePercent: 2.15 }] })).toEqual(ecb);
    expect(appendRateEntries(ecb, { entries: [{ from: '2026-01-01', ratePercent: 2.15 }] })).toEqual(ecb);
  });

  it('refuses to change a rate already known, naming the entry', () => {
    const error = domainError(() =>
      appendRateEntries(ecb, {
        entries: [
          { from: '2026-03-18', ratePercent: 2 },
          { from: '2026-02-01', ratePercent: 2 },
        ],
      }),
    );
    expect([error.field, error.rule]).toEqual(['entries[1].ratePercent', 'rate_conflict']);
    expect(error.message).toMatch(/would change amounts already stated/);
  });

  it('refuses knownUntil moving backwards or before the last entry', () => {
    const back = domainError(() => appendRateEntries(ecb, { entries: [], knownUntil: '2026-01-31' }));
    expect([back.field, back.rule]).toEqual(['knownUntil', 'known_until_backwards']);
    const early = domainError(() =>
      appendRateEntries(ecb, { entries: [{ from: '2026-03-18', ratePercent: 2 }], knownUntil: '2026-03-01' }),
    );
    expect(early.field).toBe('knownUntil');
  });

  it.each([
    [{ from: '2026-02-30', ratePercent: 2 }, 'entries[0].from', 'calendar_date'],
    [{ from: '2101-01-01', ratePercent: 2 }, 'entries[0].from', 'calendar_date'],
    [{ from: '2026-03-18', ratePercent: 2.125 }, 'entries[0].ratePercent', 'rate_percent'],
    [{ from: '2026-03-18', ratePercent: Number.NaN }, 'entries[0].ratePercent', 'rate_percent'],
    [{ from: '2026-03-18', ratePercent: 100.01 }, 'entries[0].ratePercent', 'rate_range'],
    [{ from: '2026-03-18', ratePercent: -10.5 }, 'entries[0].ratePercent', 'rate_range'],
    [{ from: '2020-01-01', ratePercent: 0 }, 'entries[0].from', 'before_table'],
  ])('refuses %j', (entry, field, rule) => {
    const error = domainError(() => appendRateEntries(ecb, { entries: [entry] }));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });

  it('refuses one new date given twice with different rates', () => {
    const error = domainError(() =>
      appendRateEntries(ecb, {
        entries: [
          { from: '2026-03-18', ratePercent: 2 },
          { from: '2026-03-18', ratePercent: 1.9 },
        ],
      }),
    );
    expect([error.field, error.rule]).toEqual(['entries[1].ratePercent', 'duplicate_entry']);
  });
});
