import { judgeDeliveries } from '../../../dev/cluster/delivery-verdict';
import type { StoredMessage } from '../../../dev/smtp-sink';
import type { InvoiceState, StepRecord } from '../../../workflows/read-model';

function mail(invoiceId: string, messageId: string, receivedAt = '2026-12-02T10:00:00.000Z'): StoredMessage {
  return {
    id: `${messageId}-${Math.random()}`,
    receivedAt,
    envelope: { from: 'relance@cluster.test', to: ['compta@client.test'] },
    messageId: `<${messageId}>`,
    subject: 'Facture en retard',
    from: 'relance@cluster.test',
    to: ['compta@client.test'],
    attachments: [],
    raw: `Message-ID: <${messageId}>\r\nX-Relance-Invoice: ${invoiceId}\r\nSubject: Facture en retard\r\n\r\nBonjour`,
  };
}

function stateWithSteps(...steps: Partial<StepRecord>[]): InvoiceState {
  const history = steps.map((step, index) => ({
    index,
    action: 'email',
    template: 'reminder-1',
    scheduledAt: '2026-12-02T10:00:00.000Z',
    at: '2026-12-02T10:00:00.000Z',
    result: 'sent',
    ...step,
  }));
  return { history } as unknown as InvoiceState;
}

describe('judgeDeliveries', () => {
  it('passes when every mailed step reached the relay once', () => {
    const verdict = judgeDeliveries({
      invoiceIds: ['F-1'],
      states: new Map([['F-1', stateWithSteps({ messageId: '<a@relance>' }, { messageId: 'b@relance' })]]),
      relay: [mail('F-1', 'a@relance'), mail('F-1', 'b@relance')],
    });

    expect(verdict).toMatchObject({ expected: 2, received: 2, missing: 0, duplicated: 0 });
    expect(verdict.checks.every((check) => check.failures.length === 0)).toBe(true);
  });

  it('counts a mailed step the relay never received as missing', () => {
    const verdict = judgeDeliveries({
      invoiceIds: ['F-1'],
      states: new Map([['F-1', stateWithSteps({ messageId: 'a@relance' }, { messageId: 'b@relance' })]]),
      relay: [mail('F-1', 'a@relance')],
    });

    expect(verdict.missing).toBe(1);
    expect(verdict.checks[0]!.failures).toEqual(['F-1 step 1 email <b@relance>']);
  });

  it('counts every extra copy of a Message-ID as duplicated', () => {
    const verdict = judgeDeliveries({
      invoiceIds: ['F-1'],
      states: new Map([['F-1', stateWithSteps({ messageId: 'a@relance' })]]),
      relay: [mail('F-1', 'a@relance'), mail('F-1', 'a@relance'), mail('F-1', 'a@relance')],
    });

    expect(verdict.duplicated).toBe(2);
    expect(verdict.checks[1]!.failures).toEqual(['<a@relance> ×3 at 10:00:00.000, 10:00:00.000, 10:00:00.000']);
  });

  it('lists apart a re-send whose first copy the relay took in the moment before a worker was killed', () => {
    const verdict = judgeDeliveries({
      invoiceIds: ['F-1'],
      states: new Map([['F-1', stateWithSteps({ messageId: 'a@relance' }, { messageId: 'b@relance' })]]),
      relay: [
        mail('F-1', 'a@relance', '2026-12-02T10:00:00.400Z'),
        mail('F-1', 'a@relance', '2026-12-02T10:00:31.000Z'),
        mail('F-1', 'b@relance', '2026-12-02T09:59:50.000Z'),
        mail('F-1', 'b@relance', '2026-12-02T10:00:31.000Z'),
      ],
      workerKills: [new Date('2026-12-02T10:00:00.450Z')],
    });

    expect(verdict.resentAfterKill).toEqual(['<a@relance> ×2 at 10:00:00.400, 10:00:31.000']);
    expect(verdict.duplicated).toBe(1);
    expect(verdict.checks[1]!.failures).toEqual(['<b@relance> ×2 at 09:59:50.000, 10:00:31.000']);
  });

  it('expects no mail from skipped steps and ignores mail about other invoices', () => {
    const verdict = judgeDeliveries({
      invoiceIds: ['F-1'],
      states: new Map([['F-1', stateWithSteps({ result: 'skipped' })]]),
      relay: [mail('F-2', 'x@relance'), mail('F-2', 'x@relance')],
    });

    expect(verdict).toMatchObject({ expected: 0, received: 0, missing: 0, duplicated: 0 });
  });
});
