import { jsonb, pgText } from '../../db/pg-text';

describe('text bound for PostgreSQL', () => {
  it('keeps a NUL character as U+FFFD and leaves other text alone', () => {
    expect(pgText('Dupont\u0000SARL')).toBe('Dupont\uFFFDSARL');
    expect(pgText('Boulangerie « Dupont » \\u0000')).toBe('Boulangerie « Dupont » \\u0000');
    expect(pgText(null)).toBeNull();
  });

  it('writes jsonb with no NUL in values or keys, and a literal backslash-u0000 text kept as written', () => {
    const text = jsonb({ reason: 'a\u0000b', ['k\u0000']: ['\u0000'], literal: '\\u0000', nested: { n: 1 } });
    expect(text).not.toMatch(/(?<!\\)(?:\\\\)*\\u0000/);
    expect(JSON.parse(text)).toEqual({
      reason: 'a\uFFFDb',
      ['k\uFFFD']: ['\uFFFD'],
      literal: '\\u0000',
      nested: { n: 1 },
    });
  });
});
