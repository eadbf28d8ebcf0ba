import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import {
  approvalDecidedUpdate,
  DebtorAnswer,
  debtorAnswerUpdate,
  paymentClaimCheckedUpdate,
  stateQuery,
} from '../../workflows/messages';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { stateWhen } from '../support/workflow-state';
import { deskFakes, invoiceInput, withDeskWorker } from './desk-fakes';

const HOUR = 3_600_000;

/** A reminder at once, a firmer one an hour later, a call after two: each to the second (no calendar). */
const POLICY: DunningPolicy = parseDunningPolicy({
  id: 'self-service',
  version: 1,
  name: 'Self-service answers',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'PT1H', action: 'email', template: 'reminder-2' },
    { after: 'PT2H', action: 'phone_task' },
  ],
});

/** Why an update was refused: the field its validator named and its message. */
async function refusalOf(update: Promise<unknown>): Promise<{ field: string; message: string }> {
  const error = await update.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { message: string; details?: { field: string }[] };
  return { field: cause.details?.[0]?.field ?? '', message: cause.message };
}

describe("the debtor's self-service answers, on the time-skipping test server", () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  const inSeconds = async (s: number) => new Date((await env.currentTimeMs()) + s * 1000).toISOString();
  /** A calendar day in the customer's zone (Europe/Paris), `days` from the test server's today. */
  const day = async (days: number) =>
    DateTime.fromMillis(await env.currentTimeMs(), { zone: 'Europe/Paris' })
      .plus({ days })
      .toISODate()!;
  const reminders = (fakes: ReturnType<typeof deskFakes>) =>
    fakes.sent('sendReminderEmail').map((s) => s.context.step.template);

  it("takes the debtor's promise as a promise to pay, once per answerId, and refuses one beyond the limit", async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), POLICY));
      await env.sleep(5_000);
      await stateWhen(handle, (s) => s.stage === 'reminding');

      const far = await refusalOf(
        handle.executeUpdate(debtorAnswerUpdate, {
          args: [{ answerId: 'far', answer: 'promise_to_pay', promisedDate: await day(31) }],
        }),
      );
      expect(far.field).toBe('promisedDate');
      expect(far.message).toMatch(/further ahead than P30D/);

      const promise: DebtorAnswer = { answerId: 'promise-1', answer: 'promise_to_pay', promisedDate: await day(5) };
      const promised = await handle.executeUpdate(debtorAnswerUpdate, { args: [promise] });
      expect(promised.stage).toBe('promise_to_pay');
      expect(promised.promise).toMatchObject({ promisedDate: promise.promisedDate, promisedBy: 'debtor' });
      const again = await handle.executeUpdate(debtorAnswerUpdate, { args: [promise] });
      expect(again.promise?.madeAt).toBe(promised.promise?.madeAt);

      await stateWhen(handle, () => fakes.events.some((e) => e.kind === 'promise_made'));
      const answers = fakes.events.filter((e) => e.kind === 'debtor_answer');
      expect(answers).toHaveLength(1);
      expect(answers[0]!.detail).toEqual({
        by: 'debtor',
        via: 'self_service',
        answerId: 'promise-1',
        answer: 'promise_to_pay',
        promisedDate: promise.promisedDate,
      });
      // The ladder waits for the promised day: the firmer reminder does not go out meanwhile.
      await env.sleep(2 * HOUR);
      expect(reminders(fakes)).toEqual(['reminder-1']);
    });
  });

  it('holds escalation while a payment claim is checked, resumes when it is not found, closes when confirmed', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), POLICY));
      await env.sleep(5_000);
      await stateWhen(handle, (s) => s.stage === 'reminding');

      const claim: DebtorAnswer = {
        answerId: 'paid-1',
        answer: 'already_paid',
        paidOn: await day(0),
        reference: 'VIR 889',
      };
      const claimed = await handle.executeUpdate(debtorAnswerUpdate, { args: [claim] });
      expect(claimed.paymentClaim).toMatchObject({ paidOn: claim.paidOn, reference: 'VIR 889' });
      const opened = await stateWhen(handle, (s) => !!s.paymentClaim?.taskId);
      const taskId = opened.paymentClaim!.taskId!;
      expect(taskId).toBe('task:payment-claim-1');
      expect(opened.nextAction).toEqual({ action: 'payment_claim', at: null, taskId });
      expect(fakes.tasks).toEqual([
        expect.objectContaining({
          kind: 'verify_payment',
          key: 'payment-claim-1',
          detail: expect.objectContaining({ paidOn: claim.paidOn, reference: 'VIR 889' }),
        }),
      ]);
      const second = await refusalOf(
        handle.executeUpdate(debtorAnswerUpdate, { args: [{ ...claim, answerId: 'paid-2' }] }),
      );
      expect(second.field).toBe('answer');

      // Past the firmer reminder's time and the call's, nothing goes out while the claim stands.
      await env.sleep(3 * HOUR);
      expect(reminders(fakes)).toEqual(['reminder-1']);
      expect(fakes.sent('createPhoneTask')).toHaveLength(0);

      const unknown = await refusalOf(
        handle.executeUpdate(paymentClaimCheckedUpdate, { args: [{ taskId: 'task:nope', outcome: 'not_found' }] }),
      );
      expect(unknown.field).toBe('taskId');
      const notFound = await handle.executeUpdate(paymentClaimCheckedUpdate, {
        args: [{ taskId, outcome: 'not_found', by: 'ops:marie' }],
      });
      expect(notFound.paymentClaim).toBeNull();
      // As a resumed pause: the step whose time passed goes out now, the next one keeps its hour of spacing.
      const resumed = await stateWhen(handle, (s) => s.history.some((h) => h.template === 'reminder-2'));
      expect(reminders(fakes)).toEqual(['reminder-1', 'reminder-2']);
      const next = resumed.timeline.find((t) => t.action === 'phone_task')!;
      const sentAt = Date.parse(resumed.history.find((h) => h.template === 'reminder-2')!.at);
      expect(Date.parse(next.at) - sentAt).toBeGreaterThanOrEqual(HOUR - 1_000);

      const again = await handle.executeUpdate(debtorAnswerUpdate, { args: [{ ...claim, answerId: 'paid-3' }] });
      expect(again.paymentClaim?.answerId).toBe('paid-3');
      const reopened = await stateWhen(handle, (s) => !!s.paymentClaim?.taskId);
      const paid = await handle.executeUpdate(paymentClaimCheckedUpdate, {
        args: [{ taskId: reopened.paymentClaim!.taskId!, outcome: 'confirmed' }],
      });
      expect(paid).toMatchObject({ status: 'paid', stage: 'paid', balance: 0 });
      expect(paid.payments).toEqual([
        expect.objectContaining({
          paymentId: `claim:${reopened.paymentClaim!.taskId}`,
          amount: 80_000,
          reference: 'VIR 889',
        }),
      ]);
    });
  });

  it('asks a manager to approve the plan the debtor proposes, and agrees it once approved', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), POLICY));
      await env.sleep(5_000);
      await stateWhen(handle, (s) => s.stage === 'reminding');
      const instalments = [
        { dueDate: await day(10), amount: 40_000 },
        { dueDate: await day(40), amount: 40_000 },
      ];
      const uneven = await refusalOf(
        handle.executeUpdate(debtorAnswerUpdate, {
          args: [{ answerId: 'plan-0', answer: 'request_plan', instalments: instalments.slice(0, 1) }],
        }),
      );
      expect(uneven.field).toBe('instalments');

      await handle.executeUpdate(debtorAnswerUpdate, {
        args: [{ answerId: 'plan-1', answer: 'request_plan', instalments }],
      });
      const asked = await stateWhen(handle, (s) => !!s.planRequest?.taskId);
      const taskId = asked.planRequest!.taskId!;
      expect(asked.nextAction).toEqual({ action: 'plan_request', at: null, taskId });
      expect(fakes.tasks).toEqual([
        expect.objectContaining({
          kind: 'approval',
          detail: expect.objectContaining({ kind: 'instalment_plan', instalments, total: 80_000 }),
        }),
      ]);
      await env.sleep(2 * HOUR);
      expect(reminders(fakes)).toEqual(['reminder-1']);

      const agreed = await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId, decision: 'approved', by: 'ops:marc' }],
      });
      expect(agreed.stage).toBe('instalment_plan');
      expect(agreed.plan).toMatchObject({ status: 'active', agreedBy: 'ops:marc', total: 80_000 });
      expect((await handle.query(stateQuery)).planRequest).toBeNull();
    });
  });
});
