import { describe, expect, it } from 'vitest';
import type { Leadership } from './leadership.port';
import { StreamLease } from './stream.lease';

/** One lease table shared by several "processes", as Redis is in scale-out; a holder keeps it until released or it lapses. */
class SharedLeases {
  readonly holders = new Map<string, string>();
  unreachable = false;
  as(process: string): Leadership {
    return {
      acquire: async (name) => {
        if (this.unreachable) throw new Error('connection refused');
        const holder = this.holders.get(name);
        if (holder && holder !== process) return false;
        this.holders.set(name, process);
        return true;
      },
      release: async (name) => {
        if (this.holders.get(name) === process) this.holders.delete(name);
      },
      close: async () => undefined,
    };
  }
}

function stream(leases: Leadership, log: string[], who: string, wanted = () => true): StreamLease {
  return new StreamLease(leases, {
    name: 'bluesky-stream',
    wanted: async () => wanted(),
    start: async () => void log.push(`${who} start`),
    stop: async () => void log.push(`${who} stop`),
    warn: (message) => void log.push(`${who} warn ${message}`),
  });
}

describe('StreamLease', () => {
  it('runs the stream in one process only, and hands it over when the holder closes', async () => {
    const leases = new SharedLeases();
    const log: string[] = [];
    const a = stream(leases.as('a'), log, 'a');
    const b = stream(leases.as('b'), log, 'b');
    await a.renew();
    await b.renew();
    await a.renew();
    expect(log).toEqual(['a start']);
    expect([a.holding, b.holding]).toEqual([true, false]);
    await a.close();
    await b.renew();
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    expect(leases.holders.get('bluesky-stream')).toBe('b');
  });

  it('stops while the stream is not wanted (a paused source) and when the lease cannot be reached', async () => {
    const leases = new SharedLeases();
    const log: string[] = [];
    let paused = false;
    const a = stream(leases.as('a'), log, 'a', () => !paused);
    await a.renew();
    paused = true;
    await a.renew();
    paused = false;
    await a.renew();
    leases.unreachable = true;
    await a.renew();
    expect(log).toEqual(['a start', 'a stop', 'a start', 'a warn bluesky-stream lease not renewed: connection refused', 'a stop']);
  });
});
