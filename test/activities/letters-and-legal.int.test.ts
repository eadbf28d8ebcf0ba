import { createHash } from 'node:crypto';
import { createActivities } from '../../activities';
import { appendCommunication, exportProofTrail, listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { findDocument } from '../../db/documents';
import { findLegalFile, listLegalFiles } from '../../db/legal-files';
import { listTasks } from '../../db/tasks';
import { eventually } from '../support/eventually';
import { inboxAttachment, inboxMessage, messagesTo } from '../support/mail-inbox';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { pdfText } from '../templates/pdf-text';
import { startFaultSmtpServer } from './fault-smtp-server';
import { anInvoice, aStep, mailSettings } from './fixtures';

const LEGAL_TEAM = 'juridique@atelier-martin.test';

interface Dossier {
  invoice: unknown;
  formalNotice: unknown;
  statutoryAmounts: unknown;
  recommendation: unknown;
  promises: { kind: string }[];
  disputes: { kind: string }[];
  communications: { channel: string; proof: { messageId: string | null } }[];
  documents: { kind: string }[];
  proofTrailDigest: string;
}

describe('letters, the formal notice and the legal file', () => {
  let db: Database;
  let acts: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')), legalTeam: LEGAL_TEAM });
  });

  afterAll(() => db.close());

  const documentOf = async (taskContext: Record<string, unknown>) => {
    const cited = taskContext.document as { id: string; sha256: string };
    const document = await findDocument(db, cited.id);
    expect(document?.sha256).toBe(cited.sha256);
    return document!;
  };

  it('queues the registered letter once, with a printable PDF naming both parties and the amounts', async () => {
    const invoice = anInvoice();
    const context = aStep(invoice, { index: 4, action: 'letter', template: 'registered-letter' }, 100_000);
    const first = await acts.queueRegisteredLetter(context);
    const again = await acts.queueRegisteredLetter(context);

    expect(again).toEqual({ taskId: first.taskId, created: false });
    const [task, ...others] = await listTasks(db, { invoiceId: invoice.id });
    expect(others).toEqual([]);
    expect(task).toMatchObject({ kind: 'post_letter', status: 'open' });
    const pdf = await documentOf(task!.context);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.content);
    for (const expected of [
      'Atelier Martin SAS',
      '12 rue des Tanneurs',
      'Boulangerie Dupont',
      'Lettre recommandée avec accusé de réception',
      `facture n° ${invoice.id}`,
      'Solde restant dû',
      '45 jours',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/1\s000,00\s€/u);
    expect(await listCommunications(db, invoice.id)).toEqual([
      expect.objectContaining({
        channel: 'letter',
        result: 'task_created',
        detail: expect.objectContaining({ document: task!.context.document }),
      }),
    ]);
  });

  it('states the amounts as of the day the workflow issued the notice, even when a retry runs weeks later', async () => {
    const invoice = anInvoice();
    const context = {
      ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
      deadline: '2026-03-29T21:59:59Z',
      issuedAt: '2026-03-21T09:00:00Z',
    };
    const weeksLater = createActivities({
      db,
      mail: mailSettings(requiredEnv('SMTP_URL'), { now: () => new Date('2026-05-02T09:00:00Z') }),
      legalTeam: LEGAL_TEAM,
    });
    const retried = await weeksLater.sendFormalNotice(context);
    // The same interest as on the issue day (1,849 cents, see below), not six more weeks of it.
    expect(retried.amounts).toMatchObject({ interest: { amount: 1_849 }, total: { amount: 129_299 } });
    const [task] = await listTasks(db, { invoiceId: invoice.id });
    expect(task!.context.amounts).toEqual(retried.amounts);
  });

  it('sends the formal notice with its PDF, queues the same PDF for registered post, and states the statutory amounts', async () => {
    const invoice = anInvoice();
    const context = {
      ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
      deadline: '2026-03-29T21:59:59Z',
    };

    const sent = await acts.sendFormalNotice(context);
    await acts.sendFormalNotice(context);

    expect(sent.amounts).toMatchObject({
      interest: { amount: 1_849 },
      indemnity: { amount: 4_000 },
      total: { amount: 129_299 },
    });
    const messages = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length >= 1,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe(`Mise en demeure de payer : facture n° ${invoice.id}`);
    expect(messages[0]!.attachments).toEqual([
      expect.objectContaining({ filename: `mise-en-demeure-${invoice.id}.pdf` }),
    ]);
    const mail = await inboxMessage(messages[0]!.id);
    expect(mail.text).toMatch(/au plus tard le 29 mars 2026/);

    const tasks = await listTasks(db, { invoiceId: invoice.id });
    expect(tasks).toEqual([expect.objectContaining({ kind: 'post_letter' })]);
    const letter = pdfText((await documentOf(tasks[0]!.context)).content);
    expect(letter).toContain('mise en demeure');
    expect(letter).toMatch(/Principal restant dû\n1\s234,50\s€/u);
    expect(letter).toMatch(
      /Pénalités de retard du 5 février 2026 au 21 mars 2026 \(45 jours à\s*12,15\s%\)\n18,49\s€/u,
    );
    expect(letter).toMatch(/Indemnité forfaitaire pour frais de recouvrement\n40,00\s€/u);
    expect(letter).toMatch(/Total à régler au plus tard le 29 mars 2026\n1\s292,99\s€/u);
    expect(letter).toContain("n'est pas un titre exécutoire");
    expect(letter).not.toMatch(/huissier|commissaire de justice|saisie/i);

    const rows = await listCommunications(db, invoice.id);
    expect(rows.map((r) => [r.channel, r.result])).toEqual([
      ['letter', 'task_created'],
      ['email', 'sent'],
    ]);
    const posted = (tasks[0]!.context.document as { sha256: string }).sha256;
    expect((rows[1]!.detail.attachments as { sha256: string }[])[0]!.sha256).toBe(posted);
    const emailed = await inboxAttachment(messages[0]!.id, 0);
    expect(createHash('sha256').update(emailed).digest('hex')).toBe(posted);
  });

  it('still queues the formal notice for post when the address bounces', async () => {
    const invoice = anInvoice({}, { email: 'nobody@@dupont' });
    const context = {
      ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
      deadline: '2026-03-29T21:59:59Z',
    };
    await expect(acts.sendFormalNotice(context)).rejects.toMatchObject({ type: 'MailRejected' });
    expect((await listTasks(db, { invoiceId: invoice.id })).map((t) => t.kind).sort()).toEqual([
      'fix_contact',
      'post_letter',
    ]);
  });

  it('gives the collector what was sent before', async () => {
    const invoice = anInvoice();
    await acts.sendReminderEmail(aStep(invoice));
    await acts.createPhoneTask(aStep(invoice, { index: 3, action: 'phone_task', template: 'phone-call' }));
    const [call] = (await listTasks(db, { invoiceId: invoice.id })).filter((t) => t.kind === 'phone_call');
    expect(call).toMatchObject({ phone: '+33 1 23 45 67 89', daysLate: 45, balance: 123_450 });
    expect(call!.context).toMatchObject({
      owner: 'collections',
      sentBefore: [
        expect.objectContaining({
          channel: 'email',
          template: 'reminder-1',
          subject: `Facture n° ${invoice.id} en retard`,
        }),
      ],
    });
  });

  it('opens the legal file once with the whole dossier, and tells the legal team once', async () => {
    const invoice = anInvoice();
    await acts.sendReminderEmail(aStep(invoice));
    await acts.sendFormalNotice({
      ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
      deadline: '2026-03-29T21:59:59Z',
    });
    for (const [seq, kind, detail] of [
      [1, 'promise_made', { promisedDate: '2026-03-01', amount: 123_450 }],
      [2, 'promise_broken', {}],
      [3, 'dispute_raised', { reason: 'price disagreement' }],
      [4, 'dispute_resolved', { outcome: 'rejected' }],
    ] as const) {
      await appendCommunication(db, {
        id: `${invoice.id}:event-${seq}`,
        invoiceId: invoice.id,
        channel: 'event',
        kind,
        recipient: null,
        template: null,
        messageId: null,
        result: 'recorded',
        detail: { seq, ...detail },
        occurredAt: `2026-03-0${seq}T10:00:00Z`,
      });
    }
    const step = { ...aStep(invoice, { index: 6, action: 'legal_file', template: 'legal-file' }), contested: false };

    const opened = await acts.openLegalFile(step);
    const again = await acts.openLegalFile(step);

    // 1,234.50 EUR, uncontested, French law: the small-claims procedure (art. L125-1 CPCE) comes first.
    expect(opened).toEqual({ legalFileId: `LF-${invoice.id}`, route: 'small_claims', created: true });
    expect(again).toEqual({ ...opened, created: false });
    const file = await findLegalFile(db, opened.legalFileId);
    const dossier = file!.dossier as unknown as Dossier;
    expect(dossier.invoice).toEqual(invoice);
    expect(dossier.formalNotice).toMatchObject({
      deadline: '2026-03-29T21:59:59Z',
      messageId: expect.stringMatching(/^<.+>$/),
    });
    expect(dossier.statutoryAmounts).toMatchObject({ interest: { amount: 1_849 }, indemnity: { amount: 4_000 } });
    expect(dossier.recommendation).toMatchObject({ route: 'small_claims', reason: expect.any(String) });
    expect(dossier.promises.map((p) => p.kind)).toEqual(['promise_made', 'promise_broken']);
    expect(dossier.disputes.map((p) => p.kind)).toEqual(['dispute_raised', 'dispute_resolved']);
    expect(dossier.communications.map((c) => c.channel)).toEqual(['email', 'letter', 'email']);
    expect(dossier.communications[0]!.proof.messageId).toMatch(/^<.+>$/);
    expect(dossier.documents.map((d) => d.kind).sort()).toEqual(['formal-notice', 'statement']);
    expect(dossier.proofTrailDigest).toMatch(/^[0-9a-f]{64}$/);

    const notified = await eventually(
      () => messagesTo(LEGAL_TEAM),
      (m) => m.some((x) => x.subject.includes(invoice.id)),
    );
    expect(notified.filter((m) => m.subject.includes(invoice.id))).toHaveLength(1);
    const trail = await listCommunications(db, invoice.id);
    expect(trail.filter((r) => r.channel === 'legal').map((r) => r.result)).toEqual(['opened', 'sent']);
    expect((await exportProofTrail(db, invoice.id)).rows).toHaveLength(trail.length);
  });

  it('keeps the legal file open when the legal team address is refused, and says so in the proof trail', async () => {
    const relay = await startFaultSmtpServer({
      rejectRecipient: (address) => (address === 'nobody@legal.test' ? 550 : undefined),
    });
    try {
      const invoice = anInvoice();
      const refusing = createActivities({ db, mail: mailSettings(relay.url), legalTeam: 'nobody@legal.test' });
      const step = { ...aStep(invoice, { index: 6, action: 'legal_file', template: 'legal-file' }), contested: false };

      expect(await refusing.openLegalFile(step)).toMatchObject({ created: true });
      expect(await findLegalFile(db, `LF-${invoice.id}`)).toBeDefined();
      const legal = (await listCommunications(db, invoice.id)).filter((r) => r.channel === 'legal');
      expect(legal.map((r) => r.result)).toEqual(['opened', 'rejected']);
      expect(await listTasks(db, { invoiceId: invoice.id })).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it('lists legal files a page at a time and finds one by id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const invoice = anInvoice();
      ids.push(
        (
          await acts.openLegalFile({
            ...aStep(invoice, { index: 6, action: 'legal_file', template: 'legal-file' }),
            contested: true,
          })
        ).legalFileId,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLegalFiles(db, { status: 'open', cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    expect(JSON.parse(JSON.stringify(await findLegalFile(db, ids[0]!)))).toMatchObject({
      id: ids[0],
      recommendedRoute: 'assignation_au_fond',
    });
    await expect(listLegalFiles(db, { cursor: 'nonsense', limit: 2 })).rejects.toThrow(/^cursor: /);
  });
});
