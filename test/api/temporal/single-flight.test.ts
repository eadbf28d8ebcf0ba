import { SingleFlight } from '../../../api/temporal/single-flight';

describe('SingleFlight', () => {
  it('shares one call among identical requests in flight, and calls afresh once it settled', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const call = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const together = [flights.run('a', call), flights.run('a', call), flights.run('a', call)];
    expect(calls).toBe(1);
    release(7);
    expect(await Promise.all(together)).toEqual([7, 7, 7]);
    const later = flights.run('a', call);
    expect(calls).toBe(2);
    release(8);
    expect(await later).toBe(8);
  });

  it('keeps different keys apart and lets a failure reach every sharer, then forgets it', async () => {
    const flights = new SingleFlight<string>();
    const seen: string[] = [];
    const failing = flights.run('x', () => Promise.reject(new Error('down')));
    const sharer = flights.run('x', () => Promise.resolve('never called'));
    const other = flights.run('y', async () => (seen.push('y'), 'y'));
    await expect(failing).rejects.toThrow('down');
    await expect(sharer).rejects.toThrow('down');
    expect(await other).toBe('y');
    expect(await flights.run('x', async () => 'retried')).toBe('retried');
    expect(seen).toEqual(['y']);
  });
});
