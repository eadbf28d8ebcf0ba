import { ConfigError, loadConfig } from '../../config/load-config';

const base = { DATABASE_URL: 'postgres://localhost/relance', SMTP_URL: 'smtp://localhost:1025' };

describe('loadConfig: mail and creditor settings', () => {
  it('sends five mails a second unless told otherwise', () => {
    expect(loadConfig(base).mailRatePerSecond).toBe(5);
    expect(loadConfig({ ...base, MAIL_RATE_PER_SECOND: '0.5' }).mailRatePerSecond).toBe(0.5);
  });

  it.each(['0', '-2', 'fast', 'Infinity'])('refuses MAIL_RATE_PER_SECOND=%s, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, MAIL_RATE_PER_SECOND: value })).toThrow(
      new ConfigError('MAIL_RATE_PER_SECOND', `'${value}' is not a positive number`),
    );
  });

  it('tells a person about a mail failing for thirty minutes unless told otherwise, refusing what is no duration', () => {
    expect(loadConfig(base).mailStallAlertAfterMs).toBe(30 * 60_000);
    expect(loadConfig({ ...base, MAIL_STALL_ALERT_AFTER: 'PT2H' }).mailStallAlertAfterMs).toBe(2 * 3_600_000);
    expect(() => loadConfig({ ...base, MAIL_STALL_ALERT_AFTER: '30 minutes' })).toThrow(
      new ConfigError('MAIL_STALL_ALERT_AFTER', `'30 minutes' is not a positive ISO 8601 duration such as PT30M`),
    );
  });

  it('reads the creditor particulars printed on letters', () => {
    const config = loadConfig({
      ...base,
      CREDITOR_NAME: 'Atelier Martin SAS',
      CREDITOR_ADDRESS: '12 rue des Tanneurs | 69002 Lyon|France',
      CREDITOR_REGISTRATION: 'SIREN 812 345 678',
      CREDITOR_CITY: 'Lyon',
      LEGAL_TEAM_EMAIL: 'juridique@atelier-martin.test',
    });
    expect(config.creditor).toMatchObject({
      name: 'Atelier Martin SAS',
      address: ['12 rue des Tanneurs', '69002 Lyon', 'France'],
      registration: 'SIREN 812 345 678',
      city: 'Lyon',
    });
    expect(config.legalTeamEmail).toBe('juridique@atelier-martin.test');
  });

  it('leaves the optional particulars out when unset', () => {
    const config = loadConfig(base);
    expect(config.creditor).toMatchObject({ address: [], registration: undefined, city: undefined });
    expect(config.legalTeamEmail).toBeUndefined();
  });

  it('refuses a legal team address that is not one', () => {
    expect(() => loadConfig({ ...base, LEGAL_TEAM_EMAIL: 'legal team' })).toThrow(/^LEGAL_TEAM_EMAIL: /);
  });
});

describe('loadConfig: shutdown grace', () => {
  it('gives in-flight work ten seconds unless told otherwise', () => {
    expect(loadConfig(base).shutdownGraceMs).toBe(10_000);
  });

  it.each([
    ['30', 30_000],
    ['2.5', 2_500],
    ['15s', 15_000],
    ['500ms', 500],
  ])('reads SHUTDOWN_GRACE=%s as %i ms', (value, ms) => {
    expect(loadConfig({ ...base, SHUTDOWN_GRACE: value }).shutdownGraceMs).toBe(ms);
  });

  it.each(['-1', 'soon', '10m'])('refuses SHUTDOWN_GRACE=%s, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, SHUTDOWN_GRACE: value })).toThrow(/^SHUTDOWN_GRACE: /);
  });
});

describe('loadConfig: payload encryption', () => {
  it('lets the dev server’s Temporal UI call the codec unless CODEC_CORS_ORIGINS names others', () => {
    expect(loadConfig(base).codecCorsOrigins).toEqual(['http://localhost:8233']);
    expect(
      loadConfig({ ...base, CODEC_CORS_ORIGINS: 'https://temporal.example.com/, http://localhost:8080' })
        .codecCorsOrigins,
    ).toEqual(['https://temporal.example.com', 'http://localhost:8080']);
    expect(loadConfig({ ...base, CODEC_CORS_ORIGINS: '' }).codecCorsOrigins).toEqual([]);
  });

  it('encrypts nothing without PAYLOAD_ENCRYPTION_KEYS, and reads each key under its id', () => {
    expect(loadConfig(base).payloadKeys).toEqual([]);
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ...base, PAYLOAD_ENCRYPTION_KEYS: `k2:${key.toString('base64')}` }).payloadKeys).toEqual([
      { id: 'k2', key },
    ]);
  });
});

describe('loadConfig: MAX_CACHED_WORKFLOWS', () => {
  it("leaves the SDK's default unless told, and reads a whole number of at least 2", () => {
    expect(loadConfig(base).maxCachedWorkflows).toBeUndefined();
    expect(loadConfig({ ...base, MAX_CACHED_WORKFLOWS: '300' }).maxCachedWorkflows).toBe(300);
  });

  it.each(['1', '2.5', 'many', '-3'])('refuses MAX_CACHED_WORKFLOWS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, MAX_CACHED_WORKFLOWS: value })).toThrow(/^MAX_CACHED_WORKFLOWS: /);
  });
});
