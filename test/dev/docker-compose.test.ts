import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  NAMESPACE_RETENTION_HOURS,
  searchAttributesForCli,
  TEMPORAL_ADMIN_TOOLS_IMAGE,
  TEMPORAL_DATABASES,
  TEMPORAL_DYNAMIC_CONFIG,
  TEMPORAL_NAMESPACE,
  TEMPORAL_SERVER_IMAGE,
} from '../../dev/cluster/temporal-settings';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number)[];
  healthcheck?: { test?: string | string[] };
  deploy?: { replicas?: number };
  expose?: (string | number)[];
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  configs?: Record<string, { content?: string }>;
};
const services = compose.services;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service named ${name}`);
  return found;
}

function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(env).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries) as Record<string, string>;
}

function commandOf(name: string): string {
  const command = service(name).command ?? '';
  return Array.isArray(command) ? command.join(' ') : command;
}

function dependenciesOf(name: string): Record<string, string | undefined> {
  const dependsOn = service(name).depends_on ?? [];
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, undefined]))
    : Object.fromEntries(Object.entries(dependsOn).map(([dependency, spec]) => [dependency, spec.condition]));
}

/** The stages of the Dockerfile, each as its FROM line followed by its instructions. */
function dockerfileStages(): string[][] {
  const lines = dockerfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return lines.reduce<string[][]>((stages, line) => {
    if (line.startsWith('FROM ')) stages.push([line]);
    else stages[stages.length - 1]?.push(line);
    return stages;
  }, []);
}

const appEnvironment = {
  TEMPORAL_ADDRESS: 'temporal:7233',
  TEMPORAL_NAMESPACE: 'default',
  DATABASE_URL: 'postgres://relance:relance@app-db:5432/relance',
  SMTP_URL: 'smtp://mail:1025',
};

describe('docker-compose.yml', () => {
  it('defines the Temporal cluster, its UI, the app database, the mail catcher, the worker and the API', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'app-db',
      'mail',
      'temporal',
      'temporal-db',
      'temporal-schema',
      'temporal-setup',
      'temporal-ui',
      'worker',
    ]);
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
    expect(service('temporal-db').image).toBe('postgres:16');
    expect(service('temporal-schema').image).toMatch(/^temporalio\/admin-tools:1\.29\./);
    expect(service('temporal-setup').image).toMatch(/^temporalio\/admin-tools:1\.29\./);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
    expect(service('app-db').image).toBe('postgres:16');
    expect(service('mail').image).toMatch(/^axllent\/mailpit:/);
    expect(service('worker').build).toBe('.');
    expect(service('api').build).toBe('.');
  });

  it('connects the Temporal server to its own database', () => {
    const temporal = environmentOf('temporal');

    expect(temporal).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'temporal-db', DBNAME: 'temporal' });
    expect(temporal.POSTGRES_USER).toBe(environmentOf('temporal-db').POSTGRES_USER);
    expect(temporal.POSTGRES_PWD).toBe(environmentOf('temporal-db').POSTGRES_PASSWORD);
  });

  it('sets up and upgrades both Temporal schemas before the server starts', () => {
    const script = commandOf('temporal-schema');

    for (const database of ['temporal', 'temporal_visibility']) {
      expect(script).toContain(`--db ${database} setup-schema -v 0.0`);
      expect(script).toMatch(new RegExp(`--db ${database} update-schema -d \\S+/versioned`));
    }
    expect(environmentOf('temporal-schema')).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'temporal-db' });
    expect(dependenciesOf('temporal-schema')).toEqual({ 'temporal-db': 'service_healthy' });
    expect(dependenciesOf('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
  });

  it('registers exactly the seven search attributes with their types in the default namespace', () => {
    const declared = environmentOf('temporal-setup').SEARCH_ATTRIBUTES?.trim().split(/\s+/) ?? [];
    const script = commandOf('temporal-setup');

    expect(Object.fromEntries(declared.map((pair) => pair.split('=')))).toEqual({
      InvoiceId: 'Keyword',
      CustomerId: 'Keyword',
      DunningStage: 'Keyword',
      AmountOutstanding: 'Double',
      Currency: 'Keyword',
      DueDate: 'Datetime',
      NextActionAt: 'Datetime',
    });
    expect(declared).toHaveLength(7);
    expect(script).toContain('for attribute in $$SEARCH_ATTRIBUTES');
    expect(script).toContain(
      'search-attribute create --namespace "$$TEMPORAL_NAMESPACE" --name "$$name" --type "$$type"',
    );
    expect(script).toContain('namespace create --namespace "$$TEMPORAL_NAMESPACE"');
    expect(environmentOf('temporal-setup')).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
    });
  });

  it('gives the worker every variable it reads and nothing that belongs to the API', () => {
    const worker = environmentOf('worker');

    expect(worker).toMatchObject(appEnvironment);
    expect(worker.MAIL_FROM).toMatch(/^\$\{MAIL_FROM:-.+@.+\}$/);
    expect(Object.keys(worker).sort()).toEqual([
      'CREDITOR_ADDRESS',
      'CREDITOR_CITY',
      'CREDITOR_CONTACT',
      'CREDITOR_NAME',
      'CREDITOR_REGISTRATION',
      'DATABASE_URL',
      'LEGAL_TEAM_EMAIL',
      'MAIL_FROM',
      'MAIL_RATE_PER_SECOND',
      'MAIL_STALL_ALERT_AFTER',
      'METRICS_PORT',
      'PAYLOAD_ENCRYPTION_KEYS',
      'PAYMENT_INSTRUCTIONS',
      'PUBLIC_URL',
      'SELF_SERVICE_LINK_TTL',
      'SELF_SERVICE_SECRET',
      'SMTP_URL',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
    ]);
    expect(commandOf('worker')).toBe('node dist/worker/main.js');
  });

  it('gives the API every variable it reads and requires its secrets from the environment', () => {
    const api = environmentOf('api');

    expect(api).toMatchObject({ ...appEnvironment, PORT: '3000' });
    expect(api.MAIL_FROM).toBe(environmentOf('worker').MAIL_FROM);
    expect(api.API_KEYS).toMatch(/^\$\{API_KEYS:\?.+\}$/);
    expect(api.WEBHOOK_SECRET).toMatch(/^\$\{WEBHOOK_SECRET:\?.+\}$/);
    expect(api.PAYLOAD_ENCRYPTION_KEYS).toMatch(/^\$\{PAYLOAD_ENCRYPTION_KEYS:\?.+\}$/);
    expect(commandOf('api')).toBe('node dist/api/main.js');
  });

  it('shows support decoded payloads through the API’s codec in a Temporal UI without write actions', () => {
    const ui = environmentOf('temporal-ui');
    const api = environmentOf('api');
    const published = (service('api').ports ?? []).map(String);

    expect(ui).toMatchObject({ TEMPORAL_CODEC_INCLUDE_CREDENTIALS: 'true', TEMPORAL_DISABLE_WRITE_ACTIONS: 'true' });
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('${TEMPORAL_CODEC_ENDPOINT:-http://localhost:3000/codec}');
    expect(published.some((ports) => hostPorts(ports).includes(3000))).toBe(true);
    // The browser calls the codec from the UI's origin, which the API must let in, with its cookie.
    expect(api.CODEC_CORS_ORIGINS).toBe(`\${CODEC_CORS_ORIGINS:-${ui.TEMPORAL_CORS_ORIGINS}}`);
    // The worker and the API encrypt with the same keys, both required from the environment.
    for (const name of ['worker', 'api']) {
      expect(environmentOf(name).PAYLOAD_ENCRYPTION_KEYS).toMatch(/^\$\{PAYLOAD_ENCRYPTION_KEYS:\?.+\}$/);
    }
  });

  it('points the Temporal, database and SMTP addresses at services defined in the file', () => {
    for (const name of ['worker', 'api']) {
      const env = environmentOf(name);
      const database = new URL(env.DATABASE_URL ?? '');
      const appDb = environmentOf(database.hostname);

      expect(services[(env.TEMPORAL_ADDRESS ?? '').split(':')[0] ?? '']).toBe(service('temporal'));
      expect(database.hostname).toBe('app-db');
      expect([database.username, database.password, database.pathname]).toEqual([
        appDb.POSTGRES_USER,
        appDb.POSTGRES_PASSWORD,
        `/${appDb.POSTGRES_DB}`,
      ]);
      expect(services[new URL(env.SMTP_URL ?? '').hostname]).toBe(service('mail'));
    }
    expect(service('mail').ports).toContain('1025:1025');
  });

  it('names only services that exist in every depends_on', () => {
    const dependencies = Object.keys(services).flatMap((name) => Object.keys(dependenciesOf(name)));

    expect(dependencies.length).toBeGreaterThan(0);
    expect(dependencies.filter((dependency) => !(dependency in services))).toEqual([]);
  });

  it('starts the worker and the API only after a healthy app database and a completed Temporal setup', () => {
    for (const name of ['worker', 'api']) {
      expect(dependenciesOf(name)).toMatchObject({
        'app-db': 'service_healthy',
        'temporal-setup': 'service_completed_successfully',
      });
    }
    expect(service('app-db').healthcheck?.test).toEqual(['CMD-SHELL', 'pg_isready -U relance -d relance']);
  });

  it('publishes the API on 3000 and the Temporal UI on 8233', () => {
    expect(service('api').ports).toEqual(['3000-3001:3000']);
    expect(service('temporal-ui').ports).toEqual(['8233:8080']);
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('checks the API through /readyz', () => {
    expect(JSON.stringify(service('api').healthcheck?.test)).toContain('http://127.0.0.1:3000/readyz');
  });
});

/** The host ports a `ports` entry publishes: `3000:3000` → [3000], `3000-3001:3000` → [3000, 3001]. */
function hostPorts(entry: string): number[] {
  const [first, last = first] = entry.split(':')[0]!.split('-').map(Number);
  return Array.from({ length: last! - first! + 1 }, (_, i) => first! + i);
}

describe('docker-compose.yml and npm run cluster', () => {
  it('run the same Temporal server release, with the admin tools of its line', () => {
    expect(service('temporal').image).toBe(TEMPORAL_SERVER_IMAGE);
    expect(service('temporal-schema').image).toBe(TEMPORAL_ADMIN_TOOLS_IMAGE);
    expect(service('temporal-setup').image).toBe(TEMPORAL_ADMIN_TOOLS_IMAGE);
  });

  it('keep both Temporal stores in the same databases', () => {
    const script = commandOf('temporal-schema');

    expect(environmentOf('temporal')).toMatchObject({
      DBNAME: TEMPORAL_DATABASES.default,
      VISIBILITY_DBNAME: TEMPORAL_DATABASES.visibility,
    });
    expect(script).toContain(`--db ${TEMPORAL_DATABASES.default} update-schema -d "$$schema/temporal/versioned"`);
    expect(script).toContain(`--db ${TEMPORAL_DATABASES.visibility} update-schema -d "$$schema/visibility/versioned"`);
  });

  it('register the same namespace, retention and search attributes', () => {
    const setup = environmentOf('temporal-setup');

    expect(setup.TEMPORAL_NAMESPACE).toBe(TEMPORAL_NAMESPACE);
    expect(setup.SEARCH_ATTRIBUTES?.trim().split(/\s+/)).toEqual(searchAttributesForCli());
    expect(commandOf('temporal-setup')).toContain(`--retention ${NAMESPACE_RETENTION_HOURS}h`);
    for (const name of ['worker', 'api']) expect(environmentOf(name).TEMPORAL_NAMESPACE).toBe(TEMPORAL_NAMESPACE);
  });

  it('give the server the same dynamic config', () => {
    const file = compose.configs?.['temporal-dynamic-config']?.content ?? '';

    expect(parse(file)).toEqual(TEMPORAL_DYNAMIC_CONFIG);
  });

  it('run two workers, each serving its metrics, and two API replicas', () => {
    expect(service('worker').deploy?.replicas).toBe(2);
    expect(service('api').deploy?.replicas).toBe(2);
    expect(environmentOf('worker').METRICS_PORT).toBe('9464');
    expect(service('worker').expose).toEqual(['9464']);
    // One host port per replica: a fixed one would let only the first replica start.
    expect(hostPorts(String(service('api').ports?.[0]))).toHaveLength(2);
  });
});

describe('Dockerfile', () => {
  it('compiles in a build stage with npm ci and npm run build', () => {
    const [build] = dockerfileStages();

    expect(build?.[0]).toBe('FROM node:20-bookworm-slim AS build');
    expect(build).toEqual(expect.arrayContaining(['RUN npm ci', 'RUN npm run build']));
  });

  it('runs production dependencies, dist, migrations and templates as the non-root node user', () => {
    const runtime = dockerfileStages().at(-1) ?? [];

    expect(runtime[0]).toBe('FROM node:20-bookworm-slim AS runtime');
    expect(runtime).toEqual(
      expect.arrayContaining([
        'RUN npm ci --omit=dev && npm cache clean --force',
        'COPY --from=build /app/dist ./dist',
        'COPY db/migrations ./db/migrations',
        'COPY templates ./templates',
      ]),
    );
    expect(runtime.filter((line) => line.startsWith('USER '))).toEqual(['USER node']);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.findIndex((line) => line.startsWith('CMD ')));
  });

  it('leaves dependencies, local data, build output and git history out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');

    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.cache', 'dist', 'coverage', '.git']));
  });
});
