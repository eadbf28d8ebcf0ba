import express from 'express';
import request from 'supertest';
import { createErrorHandler } from '../../api/http/error-handler';
import { createRequestId } from '../../api/http/request-id';
import { createWriteLog } from '../../api/http/request-log';

/** A logger that keeps what it is given. */
function capturingLogger() {
  const lines = { info: [] as string[], warn: [] as string[], error: [] as unknown[][] };
  return {
    lines,
    logger: {
      info: (line: string) => void lines.info.push(line),
      warn: (line: string) => void lines.warn.push(line),
      error: (...args: unknown[]) => void lines.error.push(args),
    },
  };
}

/** The request id and the write log as the API mounts them, around routes that answer, fail and break. */
function appWithLogs() {
  const { lines, logger } = capturingLogger();
  const app = express();
  app.use(createRequestId(), createWriteLog(logger));
  app.use(express.json());
  app.post('/v1/invoices', (_req, res) => void res.status(201).json({}));
  app.post('/v1/invoices/:id/payments', (_req, res) => void res.status(202).json({}));
  app.post('/v1/customers/:id/holds', (_req, res) => void res.status(201).json({}));
  app.post('/v1/broken', () => {
    throw new Error('a fault of ours');
  });
  app.use(createErrorHandler(logger));
  const writes = () => lines.info.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, lines, writes };
}

describe('request ids', () => {
  it('keeps a sane X-Request-Id from the caller and echoes it', async () => {
    const { app, writes } = appWithLogs();
    const res = await request(app).post('/v1/invoices').set('X-Request-Id', 'batch-7.item_3').send({ id: 'F-1' });
    expect(res.headers['x-request-id']).toBe('batch-7.item_3');
    expect(writes()).toEqual([expect.objectContaining({ requestId: 'batch-7.item_3', status: 201 })]);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'two words'],
    ['with a quote', 'id"},{"forged":true'],
    ['with a slash', '../etc'],
    ['empty', ''],
  ])('makes a new id when the given one is %s', async (_what, given) => {
    const { app, writes } = appWithLogs();
    const res = await request(app).post('/v1/invoices').set('X-Request-Id', given).send({ id: 'F-1' });
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(writes()[0]?.requestId).toBe(id);
  });

  it('makes one for a request without any, different each time', async () => {
    const { app } = appWithLogs();
    const ids = await Promise.all(
      [1, 2, 3].map(async () => (await request(app).post('/v1/invoices').send({})).headers),
    );
    expect(new Set(ids.map((h) => h['x-request-id'])).size).toBe(3);
  });

  it('names the workflow of the invoice or customer a write is about', async () => {
    const { app, writes } = appWithLogs();
    await request(app).post('/v1/invoices').send({ id: 'F-2026-0042' });
    await request(app).post('/v1/invoices/F-2026%2F7/payments').send({});
    await request(app).post('/v1/customers/C-8/holds').send({});
    expect(writes().map((line) => line.workflowId)).toEqual([
      'invoice-F-2026-0042',
      'invoice-F-2026/7',
      'customer-C-8',
    ]);
  });

  it('puts the request id in the log line of a 500, and nothing of it in the answer', async () => {
    const { app, lines } = appWithLogs();
    const res = await request(app).post('/v1/broken').set('X-Request-Id', 'req-500').send({});
    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toBe('req-500');
    expect(JSON.stringify(res.body)).not.toContain('a fault of ours');
    expect(lines.error).toEqual([[expect.stringContaining('(request req-500)'), expect.any(Error)]]);
  });
});
