import { jsonSchema, Operation, OPERATIONS, ROLES } from './api-operations';
import { COMPONENT_SCHEMAS } from './openapi-components';

export { OPERATIONS } from './api-operations';

const STATUS_TEXT: Record<number, string> = {
  400: 'invalid request: errors[] names each field and rule',
  401: 'no valid API key (or, for the webhook, no valid signature)',
  403: 'the key’s role may not do this',
  404: 'not found',
  405: 'method not allowed',
  409: 'conflict with the current state',
  413: 'request body too large',
  422: 'a business rule refused it: errors[] names the field and rule',
  503: 'PostgreSQL or Temporal unreachable; retry',
};

const problem = (status: number) => ({
  description: STATUS_TEXT[status] ?? 'problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

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
      ...(op.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
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
        content: {
          'application/json': {
            schema: schemaName ? { $ref: `#/components/schemas/${schemaName}` } : { type: 'object' },
          },
        },
      },
      ...Object.fromEntries(op.errors.map((code) => [String(code), problem(code)])),
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
        'ops (everything), payments (record payments, read), support (read). Amounts are integer minor units.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: COMPONENT_SCHEMAS,
    },
    paths,
  };
}
