import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivery {
  to: string[];
  messageId: string | undefined;
  raw: string;
}

export interface FaultSmtpServer {
  url: string;
  deliveries: Delivery[];
  /** RCPT TO and DATA commands the server saw, accepted or not. */
  attempts: number;
  stop(): Promise<void>;
}

/**
 * A real SMTP server whose answers a test scripts: `answer(attempt)` returns the SMTP error code for that DATA
 * attempt (1-based), or undefined to accept; `rejectRecipient` refuses matching addresses at RCPT TO.
 */
export async function startFaultSmtpServer(script: {
  answer?: (attempt: number) => number | undefined;
  rejectRecipient?: (address: string) => number | undefined;
}): Promise<FaultSmtpServer> {
  const state: FaultSmtpServer = { url: '', deliveries: [], attempts: 0, stop: async () => undefined };
  let dataAttempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      state.attempts++;
      const code = script.rejectRecipient?.(address.address);
      if (code) return callback(smtpError(code, `${code} 5.1.1 <${address.address}>: mailbox unavailable`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        dataAttempts++;
        const code = script.answer?.(dataAttempts);
        if (code) return callback(smtpError(code, `${code} 4.3.0 try again later`));
        const raw = Buffer.concat(chunks).toString('utf8');
        state.deliveries.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1],
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}
