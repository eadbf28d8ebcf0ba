import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { MAX_DOCUMENT_BYTES } from '../../../api/documents/document-schemas';
import { eventually } from '../../support/eventually';
import { inboxAttachment, messagesTo } from '../../support/mail-inbox';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp } from '../support/api-app';
import { anInvoicePdf } from './invoice-pdf';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Documents against a real Temporal dev server, worker, PostgreSQL and SMTP sink. */
describe('invoice documents', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  let logs: ReturnType<typeof createApiApp>['logs'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const policyId = `docs-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app, logs } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
    // One reminder a few seconds after the due date, then nothing for a month: time to upload before it goes out.
    const policy = await ops(request(app).post('/v1/policies')).send({
      id: policyId,
      name: 'Documents test',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT4S', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'phone_task' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  });

  afterAll(() => stack.stop());

  async function newInvoice(dueDate = '2099-12-31'): Promise<{ id: string; email: string }> {
    const id = `D-${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const created = await ops(request(app).post('/v1/invoices')).send(invoiceBody(id, email, dueDate, { policyId }));
    expect(created.status).toBe(201);
    return { id, email };
  }

  const upload = (invoiceId: string, content: Buffer, overrides: Record<string, unknown> = {}) =>
    ops(request(app).post(`/v1/invoices/${invoiceId}/documents`)).send({
      kind: 'invoice',
      filename: `facture-${invoiceId}.pdf`,
      contentType: 'application/pdf',
      contentBase64: content.toString('base64'),
      ...overrides,
    });

  const download = (documentId: string) =>
    support(request(app).get(`/v1/documents/${encodeURIComponent(documentId)}`))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('stores the original, lists it and serves its bytes with their type, file name and SHA-256', async () => {
    const { id } = await newInvoice();
    expect((await support(request(app).get(`/v1/invoices/${id}/documents`))).body).toEqual([]);
    const pdf = await anInvoicePdf(id);

    const created = await upload(id, pdf);

    expect(created.status).toBe(201);
    const document = {
      id: expect.stringMatching(/^[A-Za-z0-9._:-]+$/),
      kind: 'invoice',
      filename: `facture-${id}.pdf`,
      contentType: 'application/pdf',
      sha256: sha256(pdf),
      size: pdf.length,
      createdAt: expect.any(String),
    };
    expect(created.body).toEqual(document);
    expect(created.headers.location).toBe(`/v1/documents/${encodeURIComponent(created.body.id)}`);
    const listed = await support(request(app).get(`/v1/invoices/${id}/documents`));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([document]);
    const fetched = await download(created.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-type']).toBe('application/pdf');
    expect(fetched.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?facture-${id}\\.pdf"?$`),
    );
    expect(fetched.headers.etag).toBe(`"${sha256(pdf)}"`);
    expect(Buffer.compare(fetched.body as Buffer, pdf)).toBe(0);
    const unchanged = await download(created.body.id).set('If-None-Match', `"${sha256(pdf)}"`);
    expect(unchanged.status).toBe(304);
  });

  it('takes the same bytes again as a no-op, and other bytes as a new version beside the old one', async () => {
    const { id } = await newInvoice();
    const first = await upload(id, await anInvoicePdf(id));
    const again = await upload(id, await anInvoicePdf(id));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const corrected = await anInvoicePdf(id, '(corrigée)');
    const replaced = await upload(id, corrected, { filename: `facture-${id}-corrigee.pdf` });

    expect(replaced.status).toBe(201);
    expect(replaced.body.id).not.toBe(first.body.id);
    const listed = await support(request(app).get(`/v1/invoices/${id}/documents`));
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([first.body.id, replaced.body.id]);
    expect(Buffer.compare((await download(first.body.id)).body as Buffer, await anInvoicePdf(id))).toBe(0);
  });

  it('answers 404 for an unknown invoice or document, and 403 to a role that may not upload', async () => {
    const pdf = await anInvoicePdf('x');
    expect((await support(request(app).get('/v1/invoices/NOPE-1/documents'))).status).toBe(404);
    expect((await upload('NOPE-1', pdf)).status).toBe(404);
    expect((await download('NOPE-1:original-invoice:v1.pdf')).status).toBe(404);
    const { id } = await newInvoice();
    const refused = await support(request(app).post(`/v1/invoices/${id}/documents`)).send({
      kind: 'invoice',
      filename: 'f.pdf',
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(refused.status).toBe(403);
  });

  it('takes exactly 5 MiB and refuses one byte more with 413 naming contentBase64', async () => {
    const { id } = await newInvoice();
    const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x20)]);

    const tooLarge = await upload(id, pdf(MAX_DOCUMENT_BYTES + 1));
    expect([tooLarge.status, logs.error]).toEqual([413, []]);
    expect(tooLarge.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooLarge.body.errors).toEqual([expect.objectContaining({ field: 'contentBase64', rule: 'max_size' })]);

    const atTheLimit = await upload(id, pdf(MAX_DOCUMENT_BYTES));
    expect(atTheLimit.status).toBe(201);
    expect(atTheLimit.body.size).toBe(MAX_DOCUMENT_BYTES);
  });

  it('refuses what is not a PDF, not base64 or not a safe file name, naming the field', async () => {
    const { id } = await newInvoice();
    const pdf = await anInvoicePdf(id);
    const fieldsOf = (response: request.Response) => [
      ...new Set(response.body.errors.map((e: { field: string }) => e.field)),
    ];

    const notPdf = await upload(id, Buffer.from('<html>not an invoice</html>'));
    expect(notPdf.status).toBe(422);
    expect(fieldsOf(notPdf)).toEqual(['contentBase64']);
    const notBase64 = await upload(id, pdf, { contentBase64: '%%% not base64 %%%' });
    expect(notBase64.status).toBe(400);
    expect(fieldsOf(notBase64)).toEqual(['contentBase64']);
    for (const filename of ['../etc/passwd', 'a\nb.pdf', '', '.hidden.pdf']) {
      const bad = await upload(id, pdf, { filename });
      expect([bad.status, fieldsOf(bad)]).toEqual([400, ['filename']]);
    }
    const wrongType = await upload(id, pdf, { contentType: 'text/html', kind: 'statement' });
    expect(wrongType.status).toBe(400);
    expect(fieldsOf(wrongType).sort()).toEqual(['contentType', 'kind']);
    expect((await support(request(app).get(`/v1/invoices/${id}/documents`))).body).toEqual([]);
  });

  it('sends the reminder with the statement and the original, both downloadable and cited by SHA-256', async () => {
    const { id, email } = await newInvoice(new Date(Date.now() + 1_000).toISOString().replace(/\.\d+Z$/, 'Z'));
    const pdf = await anInvoicePdf(id);
    const original = (await upload(id, pdf)).body as { id: string };

    const [message] = await eventually(
      () => messagesTo(email),
      (m) => m.length === 1,
    );

    expect(message!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`releve-${id}.pdf`, 'application/pdf'],
      [`facture-${id}.pdf`, 'application/pdf'],
    ]);
    expect(Buffer.compare(await inboxAttachment(message!.id, 1), pdf)).toBe(0);
    type Row = { kind: string; detail: { attachments?: { documentId: string; sha256: string }[] } };
    const trail = await eventually(
      async () => (await support(request(app).get(`/v1/invoices/${id}/communications`))).body.items as Row[],
      (items) => items.some((c) => c.kind === 'step:email'),
    );
    const attachments = trail.find((c) => c.kind === 'step:email')!.detail.attachments!;
    expect(attachments.map((a) => a.documentId)).toEqual([expect.stringContaining(':statement.pdf'), original.id]);
    const listed = (await support(request(app).get(`/v1/invoices/${id}/documents`))).body as { id: string }[];
    expect(listed.map((d) => d.id).sort()).toEqual(attachments.map((a) => a.documentId).sort());
    for (const attachment of attachments) {
      const bytes = (await download(attachment.documentId)).body as Buffer;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(sha256(bytes)).toBe(attachment.sha256);
    }
    expect(
      Buffer.compare(await inboxAttachment(message!.id, 0), (await download(attachments[0]!.documentId)).body),
    ).toBe(0);
  });
});
