import type { z } from 'zod';
import { jsonSchema, Operation, OPERATIONS, ROLES } from './api-operations';
import { RETRY_AFTER_SECONDS } from '../http/error-handler';
import { COMPONENT_SCHEMAS } from './openapi-components';
import { PATH_PARAMS, PathParamName } from '../http/path-params';
import { holdIdParam, paymentIdParam } from '../customers/customer-schemas';

export { OPERATIONS } from './api-operations';

const STATUS_TEXT: Record<number, string> = {
  400: 'invalid request: errors[] names each field and rule',
  401: 'no valid API key (or, for the webhook, no valid signature)',
  403: 'the key’s role may not do this',
  404: 'not found',
  405: 'method not allowed',
  409: 'conflict with the current state',
  413: 'request body too large',
  415: 'a request body in a charset or encoding the API does not read',
  422: 'a business rule refused it: errors[] names the field and rule',
  429: 'over a rate limit (per key, per address, or too many wrong keys from this address); retry after Retry-After seconds',
  503: 'PostgreSQL or Temporal unreachable, or no worker answered in time; retry after Retry-After seconds',
};

const problem = (status: number) => ({
  description: STATUS_TEXT[status] ?? 'problem',
  ...(status === 503 || status === 429
    ? {
        headers: {
          'Retry-After': {
            description:
              status === 503
                ? `seconds to wait before retrying (${RETRY_AFTER_SECONDS})`
                : 'seconds until the limit accepts one more request',
            schema: { type: 'integer', minimum: 1 },
          },
        },
      }
    : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Path parameters a router checks with its own schema rather than PATH_PARAMS. */
const ROUTER_PATH_PARAMS: Record<string, z.ZodType> = { holdId: holdIdParam, paymentId: paymentIdParam };

const pathParamSchema = (name: string) => {
  const schema = PATH_PARAMS[name as PathParamName] ?? ROUTER_PATH_PARAMS[name];
  if (!schema) return { type: 'string' };
  const { $schema: _draft, ...rest } = jsonSchema(schema) as Record<string, unknown>;
  return rest;
};

/**
 * The statuses an operation can answer besides its own: bad input in the path, query or body is a 400 (a body too
 * large is a 413, one in a charset the API does not read a 415), and everything behind authentication can meet an
 * outage.
 */
function errorStatuses(op: Operation): number[] {
  const statuses = new Set(op.errors);
  if (op.params?.length || op.query || op.body) statuses.add(400);
  if (op.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (op.access !== 'public') statuses.add(503);
  // Every request counts against its address, and a keyed one against its key.
  statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function toOperation(op: Operation) {
  const [status, description, schemaName] = op.ok;
  const roles = ROLES[op.access];
  const query = op.query
    ? (jsonSchema(op.query) as { properties?: Record<string, object>; required?: string[] })
    : undefined;
  return {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(roles.length ? { 'x-roles': roles, security: [{ bearer: [] }] } : { security: [] }),
    parameters: [
      ...(op.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: pathParamSchema(name) })),
      ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      })),
      ...(op.access === 'signature'
        ? [{ name: 'Relance-Signature', in: 'header', required: true, schema: { type: 'string' } }]
        : []),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: op.body.schema, example: op.body.examples[0] } },
          },
        }
      : {}),
    responses: {
      [String(status)]: {
        description,
        content: schemaName?.includes('/')
          ? // A media type rather than a schema name: the bytes themselves (a PDF document).
            { [schemaName]: { schema: { type: 'string', format: 'binary' } } }
          : {
              'application/json': {
                schema: schemaName ? { $ref: `#/components/schemas/${schemaName}` } : { type: 'object' },
              },
            },
      },
      ...Object.fromEntries(errorStatuses(op).map((code) => [String(code), problem(code)])),
    },
  };
}

/** The API description, generated from the same zod schemas that validate requests, so the two cannot drift. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = toOperation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relance API',
      version: '1',
      description:
        'Collection of unpaid B2B invoices on Temporal. Every /v1 call carries Authorization: Bearer <key>; roles: ' +
        'ops (everything), payments (record payments, read), support (read). Keys have names (API_KEYS ' +
        'name:role=secret, or stored hashed and managed with `npm run keys`); every record of who did something ' +
        'takes the key’s name, and an actor named in a body (by, agreedBy, raisedBy…) is ignored. Requests are ' +
        'limited per key (RATE_LIMIT_PER_KEY, default 200 per 10 s) and per address (RATE_LIMIT_PER_ADDRESS, default ' +
        '1,000 per 10 s): over a limit, 429 with Retry-After; 100 wrong keys from one address in 10 minutes turn its ' +
        'next wrong keys into 429. Amounts are integer minor units.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: COMPONENT_SCHEMAS,
    },
    paths,
  };
}
