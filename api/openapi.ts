import { z } from 'zod';
import { createInvoiceSchema, listInvoicesQuerySchema, paymentReversalSchema, paymentSchema } from './invoice-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });
const problem = {
  description: 'Problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), problem]));
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const roles = (...r: string[]) => ({ 'x-roles': r, security: [{ bearer: [] }] });

/** The API description, generated from the same zod schemas that validate requests, so the two cannot drift. */
export function buildOpenApiDocument() {
  const listQuery = json(listInvoicesQuerySchema) as { properties: Record<string, object> };
  return {
    openapi: '3.1.0',
    info: { title: 'Relance API', version: '1', description: 'Collection of unpaid B2B invoices on Temporal.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: { 200: ok('alive') } } },
      '/readyz': {
        get: { summary: 'Readiness of PostgreSQL and Temporal', responses: { 200: ok('ready'), 503: ok('not ready') } },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI document') } } },
      '/v1/invoices': {
        post: {
          summary: 'Create an invoice and start its collection (idempotent by id)',
          ...roles('ops'),
          requestBody: body(createInvoiceSchema),
          responses: {
            201: ok('created'),
            200: ok('the same invoice again: no-op'),
            ...errors(400, 401, 403, 409, 503),
          },
        },
        get: {
          summary: 'List invoices',
          ...roles('ops', 'payments', 'support'),
          parameters: Object.entries(listQuery.properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          })),
          responses: { 200: ok('a page of invoices'), ...errors(400, 401, 503) },
        },
      },
      '/v1/invoices/{id}': {
        get: {
          summary: 'An invoice with its live workflow state',
          ...roles('ops', 'payments', 'support'),
          parameters: [idParam],
          responses: { 200: ok('the invoice'), ...errors(401, 404, 503) },
        },
      },
      '/v1/invoices/{id}/communications': {
        get: {
          summary: 'The proof trail of an invoice',
          ...roles('ops', 'payments', 'support'),
          parameters: [idParam],
          responses: { 200: ok('communications'), ...errors(401, 404, 503) },
        },
      },
      '/v1/invoices/{id}/payments': {
        post: {
          summary: 'Record a payment (paymentReceived)',
          ...roles('ops', 'payments'),
          parameters: [idParam],
          requestBody: body(paymentSchema),
          responses: { 200: ok('the new state'), ...errors(400, 401, 403, 404, 409, 422, 503) },
        },
      },
      '/v1/invoices/{id}/payment-reversals': {
        post: {
          summary: 'Reverse a payment: bounced cheque, failed direct debit, chargeback (paymentReversed)',
          ...roles('ops', 'payments'),
          parameters: [idParam],
          requestBody: body(paymentReversalSchema),
          responses: { 200: ok('the new state'), ...errors(400, 401, 403, 404, 409, 422, 503) },
        },
      },
    },
  };
}
