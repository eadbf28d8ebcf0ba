import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink, type StoredMessage } from '../../dev/smtp-sink';

const invoicePdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2039, 0x41), Buffer.from('\n%%EOF\n')]);

let storeDir: string;
let sink: SmtpSink;
let logLines: string[];

beforeEach(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'relance-smtp-sink-'));
  logLines = [];
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, storeDir, log: (line) => logLines.push(line) });
});

afterEach(async () => {
  await sink.stop();
  await rm(storeDir, { recursive: true, force: true });
});

function withCredentials(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  url.username = 'relance';
  url.password = 's3cret';
  return url.toString();
}

async function send(smtpUrl: string, mail: Parameters<ReturnType<typeof createTransport>['sendMail']>[0]) {
  const transport = createTransport(smtpUrl);
  try {
    return await transport.sendMail({ from: 'Relance <relance@example.test>', ...mail });
  } finally {
    transport.close();
  }
}

async function sendReminder(subject = 'Facture en retard F-2024-001') {
  return send(withCredentials(sink.smtpUrl), {
    to: ['ap@acme.test', 'cfo@acme.test'],
    subject,
    text: 'Votre facture F-2024-001 est échue.',
    html: '<p>Votre facture <b>F-2024-001</b> est échue.</p>',
    attachments: [{ filename: 'F-2024-001.pdf', content: invoicePdf, contentType: 'application/pdf' }],
  });
}

describe('startSmtpSink', () => {
  it('listens on the real ports it was given when asked for port 0', () => {
    expect(sink.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(sink.inboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('accepts authenticated mail and keeps its subject, recipients, bodies and attachment', async () => {
    const info = await sendReminder();
    const [message] = sink.messages();

    expect(sink.messages()).toHaveLength(1);
    expect(message).toMatchObject({
      messageId: info.messageId,
      subject: 'Facture en retard F-2024-001',
      from: '"Relance" <relance@example.test>',
      to: ['ap@acme.test', 'cfo@acme.test'],
      envelope: { from: 'relance@example.test', to: ['ap@acme.test', 'cfo@acme.test'] },
      text: 'Votre facture F-2024-001 est échue.',
      html: '<p>Votre facture <b>F-2024-001</b> est échue.</p>',
      attachments: [{ filename: 'F-2024-001.pdf', contentType: 'application/pdf', size: invoicePdf.length }],
    });
    expect(message?.raw).toContain('Subject: Facture en retard F-2024-001');
    expect(logLines).toContainEqual(expect.stringMatching(/accepted AUTH (PLAIN|LOGIN) as relance$/));
  });

  it('accepts mail sent without credentials', async () => {
    await send(sink.smtpUrl, { to: 'ap@acme.test', subject: 'Sans authentification', text: 'Bonjour' });

    expect(sink.messages().map((m) => m.subject)).toEqual(['Sans authentification']);
    expect(sink.messages()[0]?.attachments).toEqual([]);
    expect(logLines.some((line) => line.includes('accepted AUTH'))).toBe(false);
  });

  it('writes each message as an .eml and a .json file named by its id', async () => {
    await sendReminder();
    const id = sink.messages()[0]?.id;

    expect((await readdir(storeDir)).sort()).toEqual([`${id}.eml`, `${id}.json`]);
  });

  it('serves the messages newest first, without raw bodies, from the JSON API', async () => {
    await sendReminder('First');
    await sendReminder('Second');

    const response = await fetch(`${sink.inboxUrl}/api/messages`);
    const list = (await response.json()) as Partial<StoredMessage>[];

    expect(response.status).toBe(200);
    expect(list.map((m) => m.subject)).toEqual(['Second', 'First']);
    expect(list[0]).not.toHaveProperty('raw');
    expect(list[0]?.attachments).toEqual([
      { filename: 'F-2024-001.pdf', contentType: 'application/pdf', size: invoicePdf.length },
    ]);
  });

  it('serves one message with its text and html from the JSON API, and 404 for an unknown id', async () => {
    await sendReminder();
    const id = sink.messages()[0]?.id ?? '';

    const found = await fetch(`${sink.inboxUrl}/api/messages/${id}`);
    const missing = await fetch(`${sink.inboxUrl}/api/messages/0000000000-ffffffffff`);

    expect(await found.json()).toMatchObject({ id, text: 'Votre facture F-2024-001 est échue.' });
    expect(missing.status).toBe(404);
  });

  it('lists the mail on the HTML inbox and shows a message with its raw source and attachment bytes', async () => {
    await sendReminder();
    const id = sink.messages()[0]?.id ?? '';

    const inbox = await (await fetch(sink.inboxUrl)).text();
    const page = await (await fetch(`${sink.inboxUrl}/messages/${id}`)).text();
    const raw = await fetch(`${sink.inboxUrl}/messages/${id}/raw`);
    const attachment = await fetch(`${sink.inboxUrl}/messages/${id}/attachments/0`);

    expect(inbox).toContain(`href="/messages/${id}"`);
    expect(inbox).toContain('Facture en retard F-2024-001');
    expect(page).toContain('<iframe sandbox srcdoc="&#60;p&#62;Votre facture &#60;b&#62;F-2024-001');
    expect(page).toContain(`href="/messages/${id}/attachments/0"`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toBe(sink.messages()[0]?.raw);
    expect(attachment.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await attachment.arrayBuffer()).equals(invoicePdf)).toBe(true);
  });

  it('escapes a subject carrying a script tag on every HTML page', async () => {
    await send(sink.smtpUrl, { to: 'ap@acme.test', subject: '<script>alert(1)</script>', text: '<b>hi</b>' });
    const id = sink.messages()[0]?.id ?? '';

    const inbox = await (await fetch(sink.inboxUrl)).text();
    const page = await (await fetch(`${sink.inboxUrl}/messages/${id}`)).text();

    for (const html of [inbox, page]) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    }
    expect(page).toContain('<pre>&#60;b&#62;hi&#60;/b&#62;');
  });

  it('keeps running when a client resets its connection in the middle of a message', async () => {
    const url = new URL(sink.smtpUrl);
    const socket = connect(Number(url.port), url.hostname);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => undefined);
    const reply = () => new Promise((resolve) => socket.once('data', resolve));
    await reply();
    for (const command of ['EHLO worker.test', 'MAIL FROM:<relance@example.test>', 'RCPT TO:<ap@acme.test>', 'DATA']) {
      socket.write(`${command}\r\n`);
      await reply();
    }
    socket.write('Subject: half a message\r\n\r\nthe worker sending this is killed now');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.resetAndDestroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sendReminder('Facture en retard, after the reset');
    expect(sink.messages().map((m) => m.subject)).toContain('Facture en retard, after the reset');
  });

  it('still shows earlier mail after a restart on the same directory', async () => {
    await sendReminder('Before restart');
    const before = sink.messages();
    await sink.stop();

    sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, storeDir });
    await sendReminder('After restart');

    expect(sink.messages().map((m) => m.subject)).toEqual(['After restart', 'Before restart']);
    expect(sink.messages()[1]).toEqual(before[0]);
  });

  it('resolves waitForMessage when a matching message arrives later', async () => {
    const waiting = sink.waitForMessage((m) => m.to.includes('late@acme.test'), 5_000);
    await send(sink.smtpUrl, { to: 'other@acme.test', subject: 'Not this one', text: '.' });
    await send(sink.smtpUrl, { to: 'late@acme.test', subject: 'This one', text: '.' });

    await expect(waiting).resolves.toMatchObject({ subject: 'This one' });
  });

  it('resolves waitForMessage at once when a matching message is already there', async () => {
    await sendReminder();

    await expect(sink.waitForMessage((m) => m.subject.startsWith('Facture'), 1)).resolves.toMatchObject({
      to: ['ap@acme.test', 'cfo@acme.test'],
    });
  });

  it('rejects waitForMessage with a clear error when nothing matches in time', async () => {
    await expect(sink.waitForMessage((m) => m.subject === 'never', 50)).rejects.toThrow(
      'No matching message arrived within 50 ms (the sink holds 0 messages)',
    );
  });

  it('forgets every message on clear, on disk and over HTTP', async () => {
    await sendReminder();
    await sink.clear();

    expect(sink.messages()).toEqual([]);
    expect(await readdir(storeDir)).toEqual([]);

    await sendReminder();
    const response = await fetch(`${sink.inboxUrl}/api/messages`, { method: 'DELETE' });

    expect(response.status).toBe(200);
    expect(sink.messages()).toEqual([]);
    expect(await (await fetch(`${sink.inboxUrl}/api/messages`)).json()).toEqual([]);
  });
});
