import { mkdir } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A real Chromium (the one global setup found or installed: Debian's package here), driven by playwright-core, which
 * downloads nothing. Headless; `--no-sandbox` only as root, where Chromium refuses its sandbox.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.RELANCE_CHROMIUM_PATH;
  if (!executablePath) throw new Error(`no Chromium for the browser tests: ${process.env.RELANCE_CHROMIUM_ERROR}`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/**
 * A handler on a port of the loopback interface chosen by the system, as a browser reaches it. The handler may be
 * given later (an app whose links must name this very address).
 */
export async function listen(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer(handler);
    s.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A full-page screenshot under `RELANCE_SCREENSHOT_DIR` (the README's images: `npm run screenshots`), else under the
 * system's temporary folder, where a failing run leaves them to look at.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.RELANCE_SCREENSHOT_DIR || path.join(tmpdir(), 'relance-screenshots');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
