import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface StoredMessage {
  id: string;
  receivedAt: string;
  envelope: { from: string; to: string[] };
  messageId?: string;
  subject: string;
  from: string;
  to: string[];
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number }[];
  raw: string;
}

export interface SmtpSink {
  smtpUrl: string;
  inboxUrl: string;
  messages(): StoredMessage[];
  waitForMessage(predicate: (m: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  smtpPort?: number;
  httpPort?: number;
  host?: string;
  storeDir?: string;
  log?: (line: string) => void;
}

interface Waiter {
  predicate: (m: StoredMessage) => boolean;
  resolve: (m: StoredMessage) => void;
  reject: (err: Error) => void;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const { storeDir } = options;
  // Kept newest first, the order every view and the API show; ids sort by arrival time.
  const stored = storeDir ? await loadMessages(storeDir, log) : [];
  const waiters = new Set<Waiter>();

  const accept = async (raw: Buffer, envelope: StoredMessage['envelope']): Promise<StoredMessage> => {
    const message = await parseMessage(raw, envelope);
    if (storeDir) {
      const { raw: _raw, ...metadata } = message;
      await writeAtomically(join(storeDir, `${message.id}.eml`), raw);
      await writeAtomically(join(storeDir, `${message.id}.json`), JSON.stringify(metadata, null, 2));
    }
    stored.unshift(message);
    stored.sort((a, b) => (a.id < b.id ? 1 : -1));
    log(`smtp-sink: received ${message.id} "${message.subject}" for ${message.envelope.to.join(', ')}`);
    for (const waiter of waiters) {
      if (waiter.predicate(message)) waiter.resolve(message);
    }
    return message;
  };

  const smtp = new SMTPServer({
    authOptional: true,
    // Without STARTTLS, smtp-server offers AUTH in plain text, so an SMTP_URL carrying user:pass works unchanged.
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      log(`smtp-sink: accepted AUTH ${auth.method} as ${auth.username ?? 'anonymous'}`);
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the 25 MB limit'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        accept(Buffer.concat(chunks), envelope).then(
          (message) => callback(null, `Queued as ${message.id}`),
          (err: unknown) => {
            log(`smtp-sink: could not store a message: ${String(err)}`);
            callback(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    },
  });

  // A client that dies mid-conversation (a worker killed while it sends) resets its socket: smtp-server reports it as an
  // 'error' event, which must not take the sink down with it.
  smtp.on('error', (err: Error & { code?: string }) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') log(`smtp-sink: ${err.message}`);
  });

  const find = (id: string) => stored.find((m) => m.id === id);
  const http = createServer((req, res) => {
    handleHttp(req, res, stored, find, () => clear()).catch((err: unknown) => {
      log(`smtp-sink: inbox request failed: ${String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.destroy();
    });
  });

  const clear = async (): Promise<void> => {
    stored.length = 0;
    if (!storeDir) return;
    const files = await readdir(storeDir);
    await Promise.all(files.filter((f) => /\.(eml|json)$/.test(f)).map((f) => rm(join(storeDir, f), { force: true })));
  };

  const smtpPort = await listen(smtp.server, smtp, options.smtpPort ?? 1025, host);
  let httpPort: number;
  try {
    httpPort = await listen(http, http, options.httpPort ?? 8025, host);
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(resolve));
    throw err;
  }
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    smtpUrl: `smtp://${urlHost}:${smtpPort}`,
    inboxUrl: `http://${urlHost}:${httpPort}`,
    messages: () => [...stored],
    waitForMessage(predicate, timeoutMs = 10_000) {
      const existing = stored.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<StoredMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`No matching message arrived within ${timeoutMs} ms (the sink holds ${stored.length} messages)`),
          );
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter: Waiter = {
          predicate,
          resolve: (m) => (settle(), resolve(m)),
          reject: (err) => (settle(), reject(err)),
        };
        waiters.add(waiter);
      });
    },
    clear,
    async stop() {
      for (const waiter of waiters) waiter.reject(new Error('The SMTP sink stopped before a matching message arrived'));
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(resolve)),
        new Promise<void>((resolve, reject) => http.close((err) => (err ? reject(err) : resolve()))),
      ]);
    },
  };
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  stored: StoredMessage[],
  find: (id: string) => StoredMessage | undefined,
  clear: () => Promise<void>,
): Promise<void> {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://sink').pathname);
  const method = req.method ?? 'GET';
  const route = /^\/(?:api\/)?messages\/([\w-]+)(?:\/(raw|attachments)(?:\/(\d+))?)?$/.exec(path);
  const message = route?.[1] ? find(route[1]) : undefined;

  if (method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', renderInbox(stored));
  if (method === 'GET' && path === '/api/messages') {
    return sendJson(
      res,
      200,
      stored.map(({ raw: _raw, text: _text, html: _html, ...summary }) => summary),
    );
  }
  if (method === 'DELETE' && path === '/api/messages') {
    await clear();
    return sendJson(res, 200, { cleared: true });
  }
  if (method !== 'GET' || !route) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  if (!message) return send(res, 404, 'text/plain; charset=utf-8', 'No such message');
  if (path.startsWith('/api/')) {
    const { raw: _raw, ...detail } = message;
    return route[2] ? send(res, 404, 'text/plain; charset=utf-8', 'Not found') : sendJson(res, 200, detail);
  }
  if (route[2] === 'raw') {
    res.setHeader('Content-Disposition', `inline; filename="${message.id}.eml"`);
    return send(res, 200, 'message/rfc822', message.raw);
  }
  if (route[2] === 'attachments' && route[3] !== undefined) {
    // Attachment bytes are not kept in memory or in the JSON; re-parsing the raw message is cheap enough here.
    const attachment = (await simpleParser(message.raw)).attachments[Number(route[3])];
    if (!attachment) return send(res, 404, 'text/plain; charset=utf-8', 'No such attachment');
    const filename = attachment.filename ?? `attachment-${route[3]}`;
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return send(res, 200, attachment.contentType, attachment.content);
  }
  if (route[2]) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  return send(res, 200, 'text/html; charset=utf-8', renderMessage(message));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

async function parseMessage(raw: Buffer, envelope: StoredMessage['envelope']): Promise<StoredMessage> {
  // Stamped before parsing so that a large message cannot take an id later than one that arrived after it.
  const id = newMessageId();
  const receivedAt = new Date().toISOString();
  const parsed = await simpleParser(raw);
  return {
    id,
    receivedAt,
    envelope,
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? envelope.from,
    to: addresses(parsed.to),
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    ...(parsed.html ? { html: parsed.html } : {}),
    attachments: parsed.attachments.map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      contentType: a.contentType,
      size: a.size,
    })),
    raw: raw.toString('utf8'),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.address ? [a.address] : [])));
}

let lastIdMillis = 0;

/** A fixed-width, strictly increasing base-36 timestamp keeps ids in arrival order under a plain string sort. */
function newMessageId(): string {
  lastIdMillis = Math.max(Date.now(), lastIdMillis + 1);
  return `${lastIdMillis.toString(36).padStart(10, '0')}-${randomBytes(5).toString('hex')}`;
}

async function loadMessages(dir: string, log: (line: string) => void): Promise<StoredMessage[]> {
  await mkdir(dir, { recursive: true });
  const ids = (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
  const loaded: StoredMessage[] = [];
  for (const id of ids.sort().reverse()) {
    try {
      const metadata = JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as Omit<StoredMessage, 'raw'>;
      loaded.push({ ...metadata, raw: await readFile(join(dir, `${id}.eml`), 'utf8') });
    } catch (err) {
      log(`smtp-sink: skipping unreadable stored message ${id}: ${String(err)}`);
    }
  }
  return loaded;
}

/** Write-then-rename so a crash never leaves a half-written message that breaks the next start. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

function listen(server: Server | NetServer, emitter: NodeJS.EventEmitter, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    emitter.once('error', reject);
    server.listen(port, host, () => {
      emitter.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f5f5f5}a{color:#0b5cad}pre{white-space:pre-wrap;background:#f8f8f8;padding:1rem;border-radius:4px}
iframe{width:100%;height:32rem;border:1px solid #ddd;border-radius:4px}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}.muted{color:#777}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>${body}</body></html>`;
}

function renderInbox(messages: StoredMessage[]): string {
  const rows = messages
    .map((m) => {
      const href = `/messages/${encodeURIComponent(m.id)}`;
      return `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.from)}</td><td>${escapeHtml(m.to.join(', '))}</td>
<td><a href="${href}">${escapeHtml(m.subject || '(no subject)')}</a></td><td><a href="${href}/raw">raw</a></td></tr>`;
    })
    .join('\n');
  const table = messages.length
    ? `<table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No mail yet.</p>';
  return page('Relance mail sink', `<h1>Mail sink</h1><p class="muted">${messages.length} messages</p>${table}`);
}

function renderMessage(m: StoredMessage): string {
  const base = `/messages/${encodeURIComponent(m.id)}`;
  const headers = [
    ['Received', m.receivedAt],
    ['From', m.from],
    ['To', m.to.join(', ')],
    ['Envelope', `${m.envelope.from} → ${m.envelope.to.join(', ')}`],
    ['Message-ID', m.messageId ?? ''],
  ]
    .map(([name, value]) => `<dt>${escapeHtml(name ?? '')}</dt><dd>${escapeHtml(value ?? '')}</dd>`)
    .join('');
  const attachments = m.attachments
    .map(
      (a, i) =>
        `<li><a href="${base}/attachments/${i}">${escapeHtml(a.filename ?? `attachment ${i}`)}</a> ` +
        `<span class="muted">${escapeHtml(a.contentType)}, ${a.size} bytes</span></li>`,
    )
    .join('');
  // No sandbox permissions at all: mail HTML may carry scripts or forms, and they must not run here.
  const html = m.html ? `<h2>HTML</h2><iframe sandbox srcdoc="${escapeHtml(m.html)}"></iframe>` : '';
  const text = m.text !== undefined ? `<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>` : '';
  return page(
    m.subject,
    `<p><a href="/">← Inbox</a> · <a href="${base}/raw">raw .eml</a></p><h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>${headers}</dl>${attachments ? `<h2>Attachments</h2><ul>${attachments}</ul>` : ''}${html}${text}`,
  );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
