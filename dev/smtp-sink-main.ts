import { startSmtpSink } from './smtp-sink';

/** `tsx dev/smtp-sink-main.ts`: the SMTP sink and its web inbox on their own, outside `npm start`. */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const sink = await startSmtpSink({
    smtpPort: port(env.SMTP_SINK_PORT, 1025, 'SMTP_SINK_PORT'),
    httpPort: port(env.SMTP_SINK_HTTP_PORT, 8025, 'SMTP_SINK_HTTP_PORT'),
    storeDir: env.SMTP_SINK_DIR ?? '.data/mail',
    log: (line) => console.log(line),
  });
  console.log(`SMTP sink listening on ${sink.smtpUrl}`);
  console.log(`Web inbox on ${sink.inboxUrl}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the SMTP sink`);
    sink.stop().catch((err: unknown) => {
      console.error('The SMTP sink did not stop cleanly', err);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${value}"`);
  }
  return parsed;
}

main(process.env).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
