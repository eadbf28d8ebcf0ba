import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { insertTask } from '../../../db/tasks';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** Every kind of task completed through the API, against a real Temporal dev server, worker and PostgreSQL. */
describe('POST /v1/tasks/:id/complete for every kind of task', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const today = () => DateTime.now().setZone('Europe/Paris').toISODate()!;
  const yesterday = () => DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!;
  const complete = (taskId: string, body: object) =>
    ops(request(stack.app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send(body);
  const trail = async (invoiceId: string) =>
    (await support(request(stack.app).get(`/v1/invoices/${invoiceId}/communications`))).body.items as {
      id: string;
      kind: string;
      result: string;
      detail: Record<string, unknown>;
    }[];

  /** Ladders run at once on a backlog invoice (due yesterday), each step to the second (no calendar). */
  const policy = (id: string, steps: object[]) => ({
    id,
    name: id,
    calendar: null,
    instalmentGrace: 'PT10S',
    promiseGrace: 'PT10S',
    disputeSla: 'PT60S',
    steps,
  });

  beforeAll(async () => {
    stack = await startTestStack();
    // A formal notice states statutory interest through today: the rate table must be known that far.
    const knownUntil = DateTime.now().plus({ days: 30 }).toISODate();
    expect((await ops(request(stack.app).post('/v1/rates/ECB_MRO')).send({ knownUntil })).status).toBe(200);
    for (const body of [
      policy('tasks-letter', [{ after: 'PT0S', action: 'letter' }]),
      policy('tasks-notice', [{ after: 'PT0S', action: 'formal_notice', deadline: 'P8D' }]),
      policy('tasks-approval', [
        { after: 'PT0S', action: 'email', template: 'reminder-1', approval: { timeout: 'P3D', onTimeout: 'hold' } },
      ]),
    ]) {
      const stored = await ops(request(stack.app).post('/v1/policies')).send(body);
      expect(stored.status).toBe(201);
    }
  });

  afterAll(() => stack.stop());

  async function newInvoice(policyId?: string, dueDate = yesterday()): Promise<string> {
    const id = `T-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(stack.app).post('/v1/invoices')).send(
      invoiceBody(id, `${id.toLowerCase()}@client.test`, dueDate, policyId ? { policyId } : { policyId: 'demo-fast' }),
    );
    expect(created.status).toBe(201);
    return id;
  }

  /** The task of that kind the workflow opened on the invoice. */
  async function openedTask(invoiceId: string, kind: string) {
    const listed = await eventually(
      () => support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=${kind}`)),
      (r) => r.body.items?.length > 0,
    );
    return listed.body.items[0] as { id: string; owner: string; status: string; context: Record<string, unknown> };
  }

  /** The letter's task, once its step is in the workflow's history (the task is written before the step ends). */
  async function letterTask(invoiceId: string, action: 'letter' | 'formal_notice') {
    await eventually(
      () => support(request(stack.app).get(`/v1/invoices/${invoiceId}`)),
      (r) => r.body.state?.history.some((step: { action: string }) => step.action === action),
    );
    return openedTask(invoiceId, 'post_letter');
  }

  /** A task a person opened or the workflow would, written directly: for kinds that tell the workflow nothing. */
  async function supportTask(invoiceId: string, kind: string): Promise<string> {
    const id = `${invoiceId}:${kind}:${randomUUID().slice(0, 6)}`;
    await insertTask(stack.db, {
      id,
      invoiceId,
      kind,
      customer: { name: 'Boulangerie Dupont', timezone: 'Europe/Paris' },
      phone: null,
      amount: 123_450,
      balance: 123_450,
      currency: 'EUR',
      daysLate: 40,
      context: { reason: 'a person must look' },
      dueAt: new Date().toISOString(),
      owner: 'support',
    });
    return id;
  }

  describe('post_letter', () => {
    it('records the posting on the open task, then closes it on delivery, telling the workflow each time', async () => {
      const invoiceId = await newInvoice('tasks-letter');
      const task = await letterTask(invoiceId, 'letter');
      expect(task).toMatchObject({ owner: 'mail-room', status: 'open', context: { letter: 'registered-reminder' } });

      const posting = { outcome: 'posted', trackingNumber: '1A 123 456 7890 1', postedOn: today() };
      const posted = await complete(task.id, posting);
      expect(posted.status).toBe(200);
      expect(posted.body.task).toMatchObject({
        status: 'open',
        outcome: null,
        progress: { outcome: 'posted', trackingNumber: '1A 123 456 7890 1', postedOn: today() },
      });
      expect(posted.body.task.progress.by).toMatch(/^ops:/);
      const letterStep = (state: { history: { action: string; tracking?: object }[] }) =>
        state.history.find((step) => step.action === 'letter');
      expect(letterStep(posted.body.state)?.tracking).toMatchObject({
        status: 'posted',
        trackingNumber: '1A 123 456 7890 1',
      });

      const again = await complete(task.id, posting);
      expect(again.status).toBe(200);
      expect(again.body.repeated).toBe(true);
      const otherNumber = await complete(task.id, { ...posting, trackingNumber: '1A 999' });
      expect(otherNumber.status).toBe(409);

      const delivered = await complete(task.id, { outcome: 'delivered', deliveredOn: today() });
      expect(delivered.status).toBe(200);
      expect(delivered.body.task).toMatchObject({
        status: 'done',
        outcome: 'delivered',
        outcomeDetail: { letter: 'registered-reminder', deliveredOn: today(), trackingNumber: '1A 123 456 7890 1' },
      });
      expect(letterStep(delivered.body.state)?.tracking).toMatchObject({ status: 'delivered', deliveredOn: today() });
      expect((await complete(task.id, { outcome: 'delivered', deliveredOn: today() })).body.repeated).toBe(true);
      expect((await complete(task.id, { outcome: 'refused' })).status).toBe(409);

      const rows = (await trail(invoiceId)).filter((row) => row.kind === 'letter_tracked');
      expect(rows.map((row) => row.result)).toEqual(expect.arrayContaining(['posted', 'delivered']));
      expect(rows.find((row) => row.result === 'posted')?.detail).toMatchObject({
        trackingNumber: '1A 123 456 7890 1',
      });
    });

    it('tracks a formal notice to delivery, on its own letter kind', async () => {
      const invoiceId = await newInvoice('tasks-notice');
      const task = await letterTask(invoiceId, 'formal_notice');
      expect(task.context.letter).toBe('formal-notice');
      expect((await complete(task.id, { outcome: 'posted', trackingNumber: 'RK 1', postedOn: today() })).status).toBe(
        200,
      );
      const delivered = await complete(task.id, { outcome: 'delivered', deliveredOn: today() });
      expect(delivered.status).toBe(200);
      const notice = delivered.body.state.history.find((step: { action: string }) => step.action === 'formal_notice');
      expect(notice.tracking).toMatchObject({ letter: 'formal-notice', status: 'delivered' });
    });

    it('refuses a call outcome on a letter with 422 listing the letter outcomes, and a day to come', async () => {
      const invoiceId = await newInvoice('tasks-letter');
      const task = await letterTask(invoiceId, 'letter');
      const wrong = await complete(task.id, { outcome: 'reached' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0]).toMatchObject({ field: 'outcome', rule: 'outcome_for_kind' });
      expect(wrong.body.errors[0].message).toContain('posted, delivered, returned_unclaimed, refused, address_unknown');
      const missing = await complete(task.id, { outcome: 'posted', postedOn: today() });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('trackingNumber');
      const future = await complete(task.id, { outcome: 'posted', trackingNumber: 'X1', postedOn: '2099-01-01' });
      expect(future.status).toBe(422);
      expect(future.body.errors[0].field).toBe('postedOn');
      const untouched = await support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=post_letter`));
      expect(untouched.body.items[0]).toMatchObject({ status: 'open', progress: null });
    });

    it('closes the task when the post returns the letter unclaimed', async () => {
      const invoiceId = await newInvoice('tasks-letter');
      const task = await letterTask(invoiceId, 'letter');
      const returned = await complete(task.id, { outcome: 'returned_unclaimed', note: 'not collected in 15 days' });
      expect(returned.status).toBe(200);
      expect(returned.body.task).toMatchObject({ status: 'done', outcome: 'returned_unclaimed' });
    });
  });

  describe('fix_contact', () => {
    it('sends the corrected contact to the workflow and the stored invoice, once', async () => {
      const invoiceId = await newInvoice(undefined, '2099-12-31');
      const taskId = await supportTask(invoiceId, 'fix_contact');
      const email = `${invoiceId.toLowerCase()}@corrected.test`;
      const fixed = await complete(taskId, { outcome: 'fixed', email, note: 'new accountant' });
      expect(fixed.status).toBe(200);
      expect(fixed.body.task).toMatchObject({ status: 'done', outcome: 'fixed', outcomeDetail: { email } });
      expect(fixed.body.task.completedBy).toMatch(/^ops:/);
      expect((await support(request(stack.app).get(`/v1/invoices/${invoiceId}`))).body.customer.email).toBe(email);
      await eventually(
        () => trail(invoiceId),
        (rows) => rows.some((row) => row.kind === 'contact_updated'),
      );
      expect((await complete(taskId, { outcome: 'fixed', email })).body.repeated).toBe(true);
      expect((await complete(taskId, { outcome: 'unreachable' })).status).toBe(409);
    });

    it('needs a contact to be fixed, checks it as the invoice does, and closes as unreachable', async () => {
      const invoiceId = await newInvoice(undefined, '2099-12-31');
      const taskId = await supportTask(invoiceId, 'fix_contact');
      const empty = await complete(taskId, { outcome: 'fixed' });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].field).toBe('email');
      const malformed = await complete(taskId, { outcome: 'fixed', address: { lines: [], postcode: '69003' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['address.lines', 'address.city']),
      );
      const unreachable = await complete(taskId, { outcome: 'unreachable', note: 'company struck off' });
      expect(unreachable.status).toBe(200);
      expect(unreachable.body.task).toMatchObject({
        status: 'done',
        outcome: 'unreachable',
        note: 'company struck off',
      });
    });

    it('leaves the task open when the workflow refuses (the invoice is closed)', async () => {
      const invoiceId = await newInvoice(undefined, '2099-12-31');
      const taskId = await supportTask(invoiceId, 'fix_contact');
      await ops(request(stack.app).post(`/v1/invoices/${invoiceId}/cancel`)).send({ reason: 'void' });
      // The workflow closes the invoice's tasks as it ends; this one is put back open to be completed after the end.
      await eventually(
        () => support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=fix_contact`)),
        (r) => r.body.items[0]?.status === 'closed',
      );
      await stack.db.query(`UPDATE tasks SET status = 'open', outcome = NULL, closed_at = NULL WHERE id = $1`, [
        taskId,
      ]);
      const refused = await complete(taskId, { outcome: 'fixed', phone: '+33 4 00 00 00 00' });
      expect([409, 422]).toContain(refused.status);
      const task = await support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=fix_contact`));
      expect(task.body.items[0]).toMatchObject({ status: 'open', outcome: null });
    });
  });

  describe('approval', () => {
    it('runs the step once approved', async () => {
      const invoiceId = await newInvoice('tasks-approval');
      const task = await openedTask(invoiceId, 'approval');
      expect(task.owner).toBe('managers');
      const approved = await complete(task.id, { outcome: 'approved', note: 'go ahead' });
      expect(approved.status).toBe(200);
      expect(approved.body.task).toMatchObject({ status: 'done', outcome: 'approved' });
      expect(approved.body.state.approvals).toEqual([
        expect.objectContaining({ taskId: task.id, decision: 'approved' }),
      ]);
      await eventually(
        () => support(request(stack.app).get(`/v1/invoices/${invoiceId}`)),
        (r) => r.body.state.history.some((step: { action: string }) => step.action === 'email'),
      );
      expect((await complete(task.id, { outcome: 'approved' })).body.repeated).toBe(true);
      expect((await complete(task.id, { outcome: 'rejected' })).status).toBe(409);
    });

    it('holds escalation once rejected', async () => {
      const invoiceId = await newInvoice('tasks-approval');
      const task = await openedTask(invoiceId, 'approval');
      expect((await complete(task.id, { outcome: 'promise_to_pay' })).status).toBe(422);
      const rejected = await complete(task.id, { outcome: 'rejected', note: 'key account: call first' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.state.stage).toBe('paused');
      expect(rejected.body.task).toMatchObject({
        status: 'done',
        outcome: 'rejected',
        note: 'key account: call first',
      });
    });
  });

  describe('file_claim and the support kinds', () => {
    it('files a claim with its day and reference, telling the workflow nothing', async () => {
      const invoiceId = await newInvoice(undefined, '2099-12-31');
      const taskId = await supportTask(invoiceId, 'file_claim');
      const missing = await complete(taskId, { outcome: 'filed', filedOn: today() });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('reference');
      const filed = await complete(taskId, { outcome: 'filed', filedOn: today(), reference: 'MJ-2026-0412' });
      expect(filed.status).toBe(200);
      expect(filed.body.task).toMatchObject({
        status: 'done',
        outcome: 'filed',
        outcomeDetail: { filedOn: today(), reference: 'MJ-2026-0412' },
      });
      expect(filed.body.state).toMatchObject({ status: 'open' });
      const row = (await trail(invoiceId)).find((r) => r.kind === 'task_outcome');
      expect(row).toMatchObject({ result: 'filed', detail: { taskId, reference: 'MJ-2026-0412' } });
    });

    it.each(['dispute_review', 'mail_relay', 'step_failed', 'rates_outdated', 'time_barred'])(
      'resolves a %s task with a note, once',
      async (kind) => {
        const invoiceId = await newInvoice(undefined, '2099-12-31');
        const taskId = await supportTask(invoiceId, kind);
        const wrong = await complete(taskId, { outcome: 'fixed', email: 'x@y.test' });
        expect(wrong.status).toBe(422);
        expect(wrong.body.errors[0]).toMatchObject({ field: 'outcome', message: expect.stringContaining('resolved') });
        const resolved = await complete(taskId, { outcome: 'resolved', note: 'looked into it' });
        expect(resolved.status).toBe(200);
        expect(resolved.body.task).toMatchObject({ status: 'done', outcome: 'resolved', note: 'looked into it' });
        expect((await complete(taskId, { outcome: 'resolved' })).body.repeated).toBe(true);
      },
    );

    it('answers 404 for an unknown task, 403 for support, 400 without an outcome', async () => {
      expect((await complete('nobody:task', { outcome: 'resolved' })).status).toBe(404);
      expect((await complete('nobody:task', {})).status).toBe(400);
      const forbidden = await support(request(stack.app).post('/v1/tasks/any/complete')).send({ outcome: 'resolved' });
      expect(forbidden.status).toBe(403);
    });
  });
});
