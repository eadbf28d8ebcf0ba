/** Stops the servers that global-setup started, and waits for them. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __relance?: { stop: () => Promise<void> } }).__relance;
  await handle?.stop();
}
