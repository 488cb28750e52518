import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ManualClock } from '@escucha/core';
import { InlineJobQueue, type JobQueue } from '@escucha/queue';
import { IngestBacklog } from './ingest.backlog';

const MAX_LAG_S = 60;

describe('IngestBacklog', () => {
  let dir: string;
  let clock: ManualClock;
  let queue: InlineJobQueue;
  let warnings: string[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'escucha-backlog-'));
    clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    queue = await InlineJobQueue.open({ dir, clock });
    warnings = [];
  });
  afterEach(async () => {
    await queue.close();
    await rm(dir, { recursive: true, force: true });
  });

  const backlog = (maxLag = MAX_LAG_S, on: JobQueue = queue) => new IngestBacklog(on, clock, maxLag, (m) => warnings.push(m));
  const at = () => clock.now().toISOString();
  const waitingJob = () =>
    queue.add('ingest', { name: 'posts.ingest', data: { posts: [{ id: 'p1', source: 'x', text: 'sin señal', createdAt: at(), author: { id: 'a1', handle: 'ana' } }], receivedAt: at() } });
  const refusal = async (b: IngestBacklog) => b.refuseIfBehind().then(() => undefined, (error: unknown) => error as AppError);

  it('refuses with 503 and a Retry-After once the oldest unfinished job is older than the limit', async () => {
    const b = backlog();
    await waitingJob();
    clock.advance(MAX_LAG_S * 1000);
    expect(await refusal(b)).toBeUndefined();

    clock.advance(3_000);
    const error = await refusal(b);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INGEST_BEHIND', status: 503, details: { lagSeconds: 63, retryAfterSeconds: 5 } });
    expect(error?.message).toBe('ingest is 63 s behind, over its limit of 60 s; nothing was stored: retry after 5 s');

    // Far behind: the wait offered grows with the excess, up to a minute.
    clock.advance(40_000);
    expect(await refusal(b)).toMatchObject({ details: { lagSeconds: 103, retryAfterSeconds: 43 } });
    clock.advance(600_000);
    expect(await refusal(b)).toMatchObject({ details: { retryAfterSeconds: 60 } });
  });

  /** A backlog that refused a request two minutes behind, whose workers have since caught up. */
  async function caughtUpAfterRefusing(): Promise<IngestBacklog> {
    const b = backlog();
    await waitingJob();
    clock.advance(120_000);
    expect(await refusal(b)).toMatchObject({ code: 'INGEST_BEHIND' });
    queue.process('ingest', async () => undefined);
    await queue.drained('ingest');
    return b;
  }

  it('takes requests again once the workers catch up, reading afresh after a quiet spell', async () => {
    const b = await caughtUpAfterRefusing();
    // Within a second the last reading stands; past two, it is read again before judging.
    expect(await refusal(b)).toMatchObject({ code: 'INGEST_BEHIND' });
    clock.advance(2_000);
    expect(await refusal(b)).toBeUndefined();
  });

  it('under load, reads again in the background: the request in hand is judged on the last reading', async () => {
    const b = await caughtUpAfterRefusing();
    clock.advance(1_500);
    expect(await refusal(b)).toMatchObject({ code: 'INGEST_BEHIND' });
    expect(await refusal(b)).toBeUndefined();
  });

  it('never refuses with a limit of 0', async () => {
    await waitingJob();
    clock.advance(7 * 24 * 3600_000);
    expect(await refusal(backlog(0))).toBeUndefined();
  });

  it('refuses nothing while the queue does not answer, and says so once', async () => {
    let down = true;
    const flaky: Pick<JobQueue, 'oldestUnfinished'> = {
      oldestUnfinished: async () => {
        if (down) throw new Error('connection refused');
        return new Date(clock.now().getTime() - 600_000);
      },
    };
    const b = backlog(MAX_LAG_S, flaky as JobQueue);
    expect(await refusal(b)).toBeUndefined();
    clock.advance(2_000);
    expect(await refusal(b)).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('the queue did not answer, so no request is refused for lag: connection refused')]);

    down = false;
    clock.advance(2_000);
    expect(await refusal(b)).toMatchObject({ code: 'INGEST_BEHIND', details: { lagSeconds: 600 } });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('the queue answers again');
  });
});
