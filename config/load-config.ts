import { createHash } from 'node:crypto';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { isoDurationToMillis, parseIsoDuration } from '../domain/iso-duration';
import { DEFAULT_CREDITOR_COUNTRY } from '../domain/statutory-laws';

export type Role = 'ops' | 'payments' | 'support';
export const ROLES: readonly Role[] = ['ops', 'payments', 'support'];

export interface ApiKey {
  /** Who holds the key: every record of who did something takes this name. */
  name: string;
  role: Role;
  secret: string;
}

/** At most `limit` requests per `windowMs`, counted per replica. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The DESIGN's limits: 200 requests per 10 s per key, 1,000 per 10 s per address. */
export const DEFAULT_RATE_LIMITS: { perKey: RateLimit; perAddress: RateLimit } = {
  perKey: { limit: 200, windowMs: 10_000 },
  perAddress: { limit: 1_000, windowMs: 10_000 },
};

/** The dev server's Temporal UI, the one origin `/codec` answers browsers from unless told otherwise. */
export const DEFAULT_CODEC_CORS_ORIGINS = ['http://localhost:8233'];

/** An AES-256 key encrypting workflow payloads, named so that payloads written under an older key still decrypt. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface RelanceConfig {
  temporal: {
    address: string;
    namespace: string;
    /** Everything `@temporalio/envconfig` read (TLS, API key, gRPC metadata), for Connection and NativeConnection. */
    connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
  };
  databaseUrl: string;
  smtpUrl: string;
  mailFrom: string;
  creditor: {
    name: string;
    paymentInstructions: string;
    contact: string;
    /** Postal address printed on letters, one entry per line. */
    address: string[];
    registration?: string;
    city?: string;
  };
  /** Mails per second across all workers (Temporal's task-queue-wide limit on the mail queue). */
  mailRatePerSecond: number;
  /**
   * How long every attempt of a mail may fail (relay down, or answering 4xx) before a `mail_relay` task opens and the
   * worker logs an alert; the attempts go on regardless.
   */
  mailStallAlertAfterMs: number;
  /** Where the legal team hears of a new legal file. */
  legalTeamEmail?: string;
  port: number;
  /** How long a process finishes its in-flight work after SIGTERM before it cuts what is left. */
  shutdownGraceMs: number;
  /** `API_KEYS`; keys kept hashed in PostgreSQL (`npm run keys`) are read at each request, beside these. */
  apiKeys: ApiKey[];
  /** `WEBHOOK_SECRET`, comma-separated: the first signs, every one verifies (rotation without a gap). */
  webhookSecrets: string[];
  rateLimit: { perKey: RateLimit; perAddress: RateLimit };
  /** Express's `trust proxy` (`TRUST_PROXY`): which hops' X-Forwarded-For names the client address. */
  trustProxy: boolean | number | string;
  /** `PAYLOAD_ENCRYPTION_KEYS` (`keyId:base64`, comma-separated, the first encrypts); empty: payloads in clear. */
  payloadKeys: PayloadKey[];
  /** `CODEC_CORS_ORIGINS`: the Temporal UI origins whose pages may call `/codec` (default: the dev server's UI). */
  codecCorsOrigins: string[];
  /** `METRICS_PORT`: where a worker serves `GET /metrics`; the API serves it on its own port. */
  metricsPort: number | undefined;
  /**
   * `MAX_CACHED_WORKFLOWS`: how many workflows a worker keeps in memory between their tasks (the rest replay their
   * history when they wake). Unset: the SDK's default, about 600 per GiB of heap.
   */
  maxCachedWorkflows: number | undefined;
  /** The debtor's self-service page and its links (`PUBLIC_URL/s/<token>`), read by the API and the worker. */
  selfService: SelfServiceConfig;
  /**
   * ISO 3166-1 alpha-2 of the creditor (`CREDITOR_COUNTRY`): the law of late payment of an invoice created without
   * `governingLaw` (Rome I art. 4: the seller's law).
   */
  creditorCountry: string;
  /** What the entry points print at start: settings left empty that letters and notices need. */
  warnings: string[];
}

export interface SelfServiceConfig {
  /** Where debtors reach the API from outside (`PUBLIC_URL`, no trailing slash); links in e-mails and letters use it. */
  publicUrl: string;
  /**
   * `SELF_SERVICE_SECRET`: comma-separated; the first signs new links, every one verifies (rotation without breaking
   * links already sent). Empty: no link is written and `/s/` refuses every token.
   */
  secrets: string[];
  /** How long a link stays valid after the message carrying it was written (`SELF_SERVICE_LINK_TTL`, default P60D). */
  linkTtlMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting from the environment once, in the entry point; pure, so it is tested with plain objects. */
export function loadConfig(env: Record<string, string | undefined>): RelanceConfig {
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const temporal = loadClientConnectConfig({ overrideEnvVars: defined, disableFile: !env.TEMPORAL_CONFIG_FILE });
  const address = temporal.connectionOptions.address ?? 'localhost:7233';
  const mailFrom = env.MAIL_FROM ?? 'Relance <relance@localhost>';
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', `'${mailFrom}' is not an e-mail address`);
  return {
    temporal: {
      address,
      namespace: temporal.namespace ?? 'default',
      connectionOptions: { ...temporal.connectionOptions, address },
    },
    databaseUrl: required(env, 'DATABASE_URL', /^postgres(ql)?:\/\//),
    smtpUrl: required(env, 'SMTP_URL', /^smtps?:\/\//),
    mailFrom,
    creditor: {
      name: env.CREDITOR_NAME ?? 'Relance',
      paymentInstructions: env.PAYMENT_INSTRUCTIONS ?? 'bank transfer, quoting the invoice number',
      contact: env.CREDITOR_CONTACT ?? mailFrom,
      address: (env.CREDITOR_ADDRESS ?? '')
        .split(/\n|\|/)
        .map((line) => line.trim())
        .filter(Boolean),
      registration: env.CREDITOR_REGISTRATION || undefined,
      city: env.CREDITOR_CITY || undefined,
    },
    mailRatePerSecond: positiveNumber(env, 'MAIL_RATE_PER_SECOND', 5),
    mailStallAlertAfterMs: isoDuration(env, 'MAIL_STALL_ALERT_AFTER', 'PT30M'),
    legalTeamEmail: emailAddress(env, 'LEGAL_TEAM_EMAIL'),
    port: port(env.PORT),
    shutdownGraceMs: duration(env, 'SHUTDOWN_GRACE', 10_000),
    apiKeys: parseApiKeys(env.API_KEYS),
    webhookSecrets: list(env.WEBHOOK_SECRET),
    rateLimit: {
      perKey: rateLimit(env, 'RATE_LIMIT_PER_KEY', DEFAULT_RATE_LIMITS.perKey),
      perAddress: rateLimit(env, 'RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress),
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    payloadKeys: parsePayloadKeys(env.PAYLOAD_ENCRYPTION_KEYS),
    codecCorsOrigins: (env.CODEC_CORS_ORIGINS === undefined
      ? DEFAULT_CODEC_CORS_ORIGINS
      : list(env.CODEC_CORS_ORIGINS)
    ).map((origin) => origin.replace(/\/+$/, '')),
    metricsPort: env.METRICS_PORT ? port(env.METRICS_PORT, 'METRICS_PORT') : undefined,
    maxCachedWorkflows: env.MAX_CACHED_WORKFLOWS ? positiveInteger(env, 'MAX_CACHED_WORKFLOWS', 2) : undefined,
    selfService: selfServiceConfig(env),
    creditorCountry: countryCode(env, 'CREDITOR_COUNTRY', DEFAULT_CREDITOR_COUNTRY),
    warnings: creditorIdentityWarnings(env),
  };
}

function countryCode(env: Record<string, string | undefined>, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^[A-Z]{2}$/.test(value)) throw new ConfigError(name, `'${value}' is not an ISO 3166 alpha-2 code such as FR`);
  return value;
}

/**
 * A formal notice names its sender: a letter without the creditor's name, address or registration is one a court may
 * not accept. Each unset identity variable is a warning at start (the embedded defaults keep demos running).
 */
function creditorIdentityWarnings(env: Record<string, string | undefined>): string[] {
  const identity: [string, string][] = [
    ['CREDITOR_NAME', 'the name letters are signed with'],
    ['CREDITOR_ADDRESS', 'the postal address printed on letters'],
    ['CREDITOR_REGISTRATION', 'the company registration (SIREN, HRB, Companies House number) printed on letters'],
    ['CREDITOR_COUNTRY', 'the country whose law governs late payment by default (FR assumed)'],
  ];
  return identity
    .filter(([name]) => !env[name]?.trim())
    .map(([name, what]) => `${name} is not set: ${what}; formal notices need it`);
}

function required(env: Record<string, string | undefined>, name: string, shape: RegExp): string {
  const value = env[name];
  if (!value) throw new ConfigError(name, 'is not set (npm start provides an embedded default)');
  if (!shape.test(value)) throw new ConfigError(name, `does not look like ${shape.source.replace(/[\\^()?]/g, '')}`);
  return value;
}

function positiveNumber(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new ConfigError(name, `'${value}' is not a positive number`);
  return parsed;
}

function emailAddress(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!/@/.test(value)) throw new ConfigError(name, `'${value}' is not an e-mail address`);
  return value;
}

/** Seconds (`10`, `2.5`) or with a unit (`10s`, `500ms`). */
function duration(env: Record<string, string | undefined>, name: string, fallbackMs: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(value.trim());
  if (!match) throw new ConfigError(name, `'${value}' is not a duration (seconds, or with a unit: 10s, 500ms)`);
  return Math.round(Number(match[1]) * (match[2] === 'ms' ? 1 : 1_000));
}

/** An ISO 8601 duration of fixed length (`PT30M`, `PT2H`, `P1D`), in milliseconds. */
function isoDuration(env: Record<string, string | undefined>, name: string, fallback: string): number {
  const value = env[name] || fallback;
  try {
    const millis = isoDurationToMillis(parseIsoDuration(value, name));
    if (millis > 0) return millis;
  } catch {
    // reported below with the variable's name
  }
  throw new ConfigError(name, `'${value}' is not a positive ISO 8601 duration such as PT30M`);
}

function selfServiceConfig(env: Record<string, string | undefined>): SelfServiceConfig {
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port(env.PORT)}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) {
    throw new ConfigError('PUBLIC_URL', `'${publicUrl}' is not an http(s) URL such as https://pay.example.com`);
  }
  const secrets = list(env.SELF_SERVICE_SECRET);
  if (secrets.some((secret) => secret.length < 32)) {
    throw new ConfigError('SELF_SERVICE_SECRET', 'every secret must be at least 32 characters');
  }
  return { publicUrl, secrets, linkTtlMs: isoDuration(env, 'SELF_SERVICE_LINK_TTL', 'P60D') };
}

function port(value: string | undefined, name = 'PORT'): number {
  if (value === undefined || value === '') return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new ConfigError(name, `'${value}' is not a port`);
  return parsed;
}

function positiveInteger(env: Record<string, string | undefined>, name: string, minimum: number): number {
  const value = env[name]!;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    throw new ConfigError(name, `'${value}' is not a whole number of at least ${minimum}`);
  }
  return parsed;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `200` (per 10 seconds), `200/10s`, `50/1s`, `3000/1m`; `0` turns the limit off. */
function rateLimit(env: Record<string, string | undefined>, name: string, fallback: RateLimit): RateLimit {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const match = /^(\d+)(?:\s*\/\s*(\d+)\s*(ms|s|m))?$/.exec(value);
  if (!match) throw new ConfigError(name, `'${value}' is not a rate such as 200 or 200/10s (requests per window)`);
  const unit = { ms: 1, s: 1_000, m: 60_000 }[(match[3] ?? 's') as 'ms' | 's' | 'm'];
  const windowMs = match[2] === undefined ? fallback.windowMs : Number(match[2]) * unit;
  if (windowMs <= 0) throw new ConfigError(name, `'${value}' has an empty window`);
  return { limit: Number(match[1]), windowMs };
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** `keyId:base64` pairs of 32-byte keys; the first encrypts, every one decrypts. A key is never echoed back. */
export function parsePayloadKeys(value: string | undefined): PayloadKey[] {
  const keys = list(value).map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
      throw new ConfigError('PAYLOAD_ENCRYPTION_KEYS', `entry ${index + 1} is not keyId:base64`);
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) {
      throw new ConfigError('PAYLOAD_ENCRYPTION_KEYS', `key '${id}' is ${key.length} bytes, AES-256 needs 32`);
    }
    return { id, key };
  });
  const ids = keys.map((key) => key.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new ConfigError('PAYLOAD_ENCRYPTION_KEYS', `key id '${repeated}' appears twice`);
  return keys;
}

/**
 * `name:role=secret` entries, comma-separated (`alice:ops=…`); an entry without a name (`ops=…`) is named after its
 * role and the key's short id (`ops:1a2b3c4d`). A secret is never echoed back in an error.
 */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  const keys = list(value).map((entry, index) => {
    const equals = entry.indexOf('=');
    const head = equals < 0 ? entry : entry.slice(0, equals);
    const secret = equals < 0 ? '' : entry.slice(equals + 1);
    const colon = head.lastIndexOf(':');
    const role = colon < 0 ? head : head.slice(colon + 1);
    if (!ROLES.includes(role as Role)) {
      throw new ConfigError('API_KEYS', `entry ${index + 1} has role '${role}', expected one of ${ROLES.join(', ')}`);
    }
    if (secret.length < 16)
      throw new ConfigError('API_KEYS', `entry ${index + 1} has a secret shorter than 16 characters`);
    // What `Authorization: Bearer <key>` can carry: a secret it could not would be a key nobody can use.
    if (secret.length > MAX_SECRET_LENGTH)
      throw new ConfigError('API_KEYS', `entry ${index + 1} has a secret longer than ${MAX_SECRET_LENGTH} characters`);
    if (!/^[\x21-\x7e]+$/.test(secret))
      throw new ConfigError('API_KEYS', `entry ${index + 1} has a secret with a space or a character outside ASCII`);
    // Those prefixes send a key to the stored keys or to the console's sessions: it would never be compared with this one.
    if (/^(rlk|rls)_/.test(secret))
      throw new ConfigError(
        'API_KEYS',
        `entry ${index + 1} has a secret starting rlk_ or rls_, which the API reserves`,
      );
    const name = colon < 0 ? `${role}:${keyId(secret)}` : head.slice(0, colon);
    if (!KEY_NAME.test(name)) {
      throw new ConfigError('API_KEYS', `entry ${index + 1} has name '${name}': use 1-64 letters, digits, . _ @ -`);
    }
    return { name, role: role as Role, secret };
  });
  const names = keys.map((key) => key.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new ConfigError('API_KEYS', `the name '${repeated}' is given to two keys`);
  return keys;
}

/** The longest key the API reads from `Authorization: Bearer`. */
export const MAX_SECRET_LENGTH = 200;

/** A key's name: what the proof trail, tasks and logs record as who did something. */
export const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$/;

/** The short public id of a key: the first 8 hex digits of its SHA-256. */
export function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}
