import { resolveChromium } from './chromium';
import { resolveTemporalCli } from './temporal-cli';
import { resolveTestServer } from './test-server';

/** Obtains (and caches) every server binary and the browser the stack and the tests need: `npm run servers`. */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`  ${line}`);
  const started = Date.now();
  const cli = await resolveTemporalCli({ log });
  console.log(`Temporal CLI: ${cli.path} (${cli.source})`);
  const testServer = await resolveTestServer({ log });
  console.log(`Time-skipping test server: ${testServer.path} (${testServer.source})`);
  const chromium = await resolveChromium({ log });
  console.log(`Chromium for the browser tests: ${chromium.path} (${chromium.source})`);
  console.log(`servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
