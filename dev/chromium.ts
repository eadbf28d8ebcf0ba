import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { findOnPath, isExecutable, runCommand } from './executables';

export interface ResolvedBrowser {
  path: string;
  source: 'env' | 'path' | 'playwright-cache' | 'apt';
}

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The Chromium the browser tests drive (through playwright-core, which downloads nothing): `CHROMIUM_PATH`, then a
 * Chromium or Chrome on `PATH`, then one Playwright already downloaded, and last Debian's `chromium` package installed
 * with apt-get (as root, or with password-less sudo) — browser downloads are often blocked where apt is not.
 */
export async function resolveChromium(options: { log?: (line: string) => void } = {}): Promise<ResolvedBrowser> {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (await isExecutable(given)) return { path: given, source: 'env' };
    throw new Error(`CHROMIUM_PATH=${given} is not an executable file`);
  }
  const found = await onPath();
  if (found) return { path: found, source: 'path' };
  const cached = await playwrightCache();
  if (cached) return { path: cached, source: 'playwright-cache' };
  const log = options.log ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) =>
    asRoot
      ? runCommand('apt-get', args, { log, env })
      : runCommand('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { log });
  log('no Chromium found: installing Debian’s chromium package with apt-get');
  try {
    await apt(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']).catch(async () => {
      await apt(['update']);
      await apt(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']);
    });
  } catch (error) {
    throw new Error(
      `No Chromium: set CHROMIUM_PATH, or install it (Debian/Ubuntu: apt-get install chromium). apt-get failed: ${
        (error as Error).message
      }`,
    );
  }
  const installed = await onPath();
  if (!installed) throw new Error('apt-get installed chromium but no chromium executable is on PATH');
  return { path: installed, source: 'apt' };
}

async function onPath(): Promise<string | undefined> {
  for (const name of NAMES) {
    const found = await findOnPath(name);
    if (found) return found;
  }
  return undefined;
}

async function playwrightCache(): Promise<string | undefined> {
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(homedir(), '.cache', 'ms-playwright');
  let names: string[];
  try {
    names = (await readdir(root))
      .filter((name) => name.startsWith('chromium-'))
      .sort()
      .reverse();
  } catch {
    return undefined;
  }
  for (const name of names) {
    for (const binary of ['chrome-linux/chrome', 'chrome-linux64/chrome']) {
      const candidate = path.join(root, name, binary);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
