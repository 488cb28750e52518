import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@escucha/core';
import { openDuckDbStores, StatusDocuments, type DuckDbStores } from '@escucha/store';
import { runTracked } from './tracked.run';

interface RunStatus {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  rows: number;
  error?: string;
  finishedAt?: string;
}

describe('runTracked', () => {
  let stores: DuckDbStores;
  let clock: ManualClock;
  let progress: StatusDocuments<RunStatus>;

  beforeEach(async () => {
    stores = await openDuckDbStores(':memory:');
    clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    progress = new StatusDocuments<RunStatus>(stores.settings, clock, (id) => `run.${id}`, (status) => status.id);
    await progress.set({ id: 'r1', state: 'queued', rows: 0 }, 1);
  });
  afterEach(() => stores.close());

  const run = async (attempt: number, work: (status: RunStatus, save: () => Promise<void>) => Promise<void>, gaveUp?: (message: string) => void) => {
    const saved = (await progress.read('r1'))!;
    const status: RunStatus = { ...saved.value, state: 'running', rows: 0 };
    return runTracked({ job: { attempt, maxAttempts: 2 }, progress, status, step: saved.version, clock, work: (save) => work(status, save), gaveUp });
  };

  it('saves the run as running, as it goes, then done, each under a higher step', async () => {
    const seen: string[] = [];
    await run(1, async (status, save) => {
      seen.push((await progress.get('r1'))!.state);
      status.rows = 10;
      await save();
      seen.push(`${(await progress.get('r1'))!.rows}`);
      clock.advance(5_000);
    });
    expect(seen).toEqual(['running', '10']);
    expect(await progress.read('r1')).toMatchObject({ version: 4, value: { state: 'done', rows: 10, finishedAt: '2026-12-01T10:00:05.000Z' } });
  });

  it('leaves a failed try to the queue, and says failed, why and when only once no try is left', async () => {
    const boom = async () => {
      throw new Error('the file is cut short');
    };
    const heard: string[] = [];
    await expect(run(1, boom, (message) => heard.push(message))).rejects.toThrow('the file is cut short');
    expect(await progress.get('r1')).toMatchObject({ state: 'running' });
    expect(heard).toEqual([]);

    await expect(run(2, boom, (message) => heard.push(message))).rejects.toThrow('the file is cut short');
    expect(await progress.get('r1')).toEqual({ id: 'r1', state: 'failed', rows: 0, error: 'the file is cut short', finishedAt: '2026-12-01T10:00:00.000Z' });
    expect(heard).toEqual(['the file is cut short']);
  });
});
