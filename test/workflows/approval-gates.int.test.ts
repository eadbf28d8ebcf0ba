import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DunningPolicy, parseDunningPolicy, StepApproval } from '../../domain/dunning-policy';
import { approvalDecidedUpdate, resumeUpdate, stateQuery } from '../../workflows/messages';
import { stateWhen } from '../support/workflow-state';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { deskFakes, invoiceInput, withDeskWorker } from './desk-fakes';

const HOUR = 3_600_000;

/** A reminder, then a formal notice that a manager must approve within the hour, then the legal file. */
function gated(approval: StepApproval): DunningPolicy {
  return parseDunningPolicy({
    id: 'approval-gate',
    version: 1,
    name: 'Approval before the notice',
    calendar: null,
    instalmentGrace: 'PT2S',
    promiseGrace: 'PT2S',
    disputeSla: 'P30D',
    steps: [
      { after: 'PT1S', action: 'email', template: 'reminder-1' },
      { after: 'PT2S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT5S', approval },
      { after: 'PT10S', action: 'legal_file' },
    ],
  });
}

describe('approval gates on policy steps, on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  const inSeconds = async (s: number) => new Date((await env.currentTimeMs()) + s * 1000).toISOString();

  it('asks for approval with a task due at the timeout, shows it, and runs the step once approved', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), gated({ timeout: 'PT1H', onTimeout: 'hold' })));
      const asked = await stateWhen(handle, (s) => !!s.approval);
      const { approval } = asked;
      expect(approval).toMatchObject({
        step: 1,
        action: 'formal_notice',
        onTimeout: 'hold',
        taskId: 'task:approval:step-1:1',
      });
      expect(Date.parse(approval!.dueAt) - Date.parse(approval!.requestedAt)).toBe(HOUR);
      expect(asked.nextAction).toEqual({ action: 'approval', at: approval!.dueAt, step: 1, taskId: approval!.taskId });
      expect(asked.timeline.find((t) => t.index === 1)).toMatchObject({ action: 'formal_notice', approval: 'pending' });
      expect(asked.stage).toBe('reminding');
      expect(fakes.tasks).toEqual([
        expect.objectContaining({ kind: 'approval', key: 'approval:step-1:1', dueAt: approval!.dueAt }),
      ]);
      expect(fakes.sent('sendFormalNotice')).toHaveLength(0);

      const approved = await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId: approval!.taskId, decision: 'approved', note: 'go', by: 'manager' }],
      });
      expect(approved.approval).toBeNull();
      expect(approved.approvals).toEqual([
        expect.objectContaining({ step: 1, decision: 'approved', note: 'go', by: 'manager' }),
      ]);
      // The same decision again is answered with the state; the notice goes out once.
      await handle.executeUpdate(approvalDecidedUpdate, { args: [{ taskId: approval!.taskId, decision: 'approved' }] });
      const noticed = await stateWhen(handle, (s) => s.history.some((h) => h.action === 'formal_notice'));
      expect(noticed.timeline.find((t) => t.action === 'legal_file')?.approval).toBeUndefined();
      expect(fakes.sent('sendFormalNotice')).toHaveLength(1);
      await env.sleep(60_000);
      await stateWhen(handle, (s) => s.stage === 'legal');
    });
  });

  it('holds escalation when the approval is rejected, and asks again with a new task once resumed', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), gated({ timeout: 'PT1H', onTimeout: 'proceed' })));
      const { approval } = await stateWhen(handle, (s) => !!s.approval);
      const rejected = await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId: approval!.taskId, decision: 'rejected', note: 'customer is negotiating', by: 'manager' }],
      });
      expect(rejected.stage).toBe('paused');
      expect(rejected.hold?.reason).toBe(
        'approval of step 1 (formal_notice « formal-notice ») rejected: customer is negotiating',
      );
      expect(rejected.nextAction).toBeNull();
      expect(rejected.timeline.find((t) => t.index === 1)).toMatchObject({ tentative: true, approval: 'required' });
      // A timeout of `proceed` no longer applies to a rejected request.
      await env.sleep(2 * HOUR);
      expect(fakes.sent('sendFormalNotice')).toHaveLength(0);
      expect((await handle.query(stateQuery)).stage).toBe('paused');

      await handle.executeUpdate(resumeUpdate, { args: [{ reason: 'talks failed' }] });
      const again = await stateWhen(handle, (s) => s.approval?.taskId === 'task:approval:step-1:2');
      expect(again.stage).toBe('reminding');
      expect(fakes.tasks.map((t) => t.key)).toEqual(['approval:step-1:1', 'approval:step-1:2']);
      await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId: again.approval!.taskId, decision: 'approved' }],
      });
      const noticed = await stateWhen(handle, (s) => s.history.some((h) => h.action === 'formal_notice'));
      expect(noticed.approvals!.map((a) => a.decision)).toEqual(['rejected', 'approved']);
    });
  });

  it('runs the step when its approval times out with onTimeout proceed', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), gated({ timeout: 'PT1H', onTimeout: 'proceed' })));
      const { approval } = await stateWhen(handle, (s) => !!s.approval);
      await env.sleep(HOUR + 60_000);
      const noticed = await stateWhen(handle, (s) => s.history.some((h) => h.action === 'formal_notice'));
      expect(noticed.approvals).toEqual([
        expect.objectContaining({ step: 1, taskId: approval!.taskId, decision: 'timed_out', onTimeout: 'proceed' }),
      ]);
      const notice = noticed.history.find((h) => h.action === 'formal_notice')!;
      expect(Date.parse(notice.at)).toBeGreaterThanOrEqual(Date.parse(approval!.dueAt));
      expect(fakes.closedTasks[0]).toMatchObject({ outcome: 'timed_out', kinds: ['approval'] });
      expect(fakes.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['approval_requested', 'approval_timed_out']),
      );
    });
  });

  it('holds escalation when its approval times out with onTimeout hold', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), gated({ timeout: 'PT1H', onTimeout: 'hold' })));
      const { approval } = await stateWhen(handle, (s) => !!s.approval);
      await env.sleep(HOUR + 60_000);
      const held = await stateWhen(handle, (s) => s.stage === 'paused');
      expect(held.hold?.reason).toBe(
        `approval of step 1 (formal_notice « formal-notice ») not given by ${approval!.dueAt}`,
      );
      expect(held.approval).toBeNull();
      expect(held.approvals).toEqual([expect.objectContaining({ decision: 'timed_out', onTimeout: 'hold' })]);
      await env.sleep(2 * HOUR);
      expect(fakes.sent('sendFormalNotice')).toHaveLength(0);
    });
  });
});
