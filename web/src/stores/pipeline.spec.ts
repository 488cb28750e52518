import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FailedJob, QueueStatus } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { usePipelineStore } from './pipeline';

const aQueue = (queue: QueueStatus['queue'], changes: Partial<QueueStatus> = {}): QueueStatus => ({
  queue,
  waiting: 0,
  active: 0,
  delayed: 0,
  failed: 0,
  lagSeconds: 0,
  ...changes,
});
const aFailedJob = (queue: FailedJob['queue'], id: string, failedAt: string): FailedJob => ({
  id,
  queue,
  name: queue === 'ingest' ? 'ingest.posts' : 'import.source',
  attempts: 5,
  error: `job ${id} failed`,
  failedAt,
});

describe('pipeline store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('asks for failed jobs only of the queues that have some, and lists them newest first', async () => {
    api = fakeApi({
      'GET /api/v1/jobs': [aQueue('ingest', { failed: 2 }), aQueue('batch', { failed: 1 })],
      'GET /api/v1/jobs/failed': (call) =>
        call.query.get('queue') === 'ingest'
          ? [aFailedJob('ingest', 'i2', '2026-11-30T10:00:00.000Z'), aFailedJob('ingest', 'i1', '2026-11-30T08:00:00.000Z')]
          : [aFailedJob('batch', 'b1', '2026-11-30T09:00:00.000Z')],
    });
    const pipeline = usePipelineStore();
    await pipeline.load();
    expect(pipeline.failedJobs.map((job) => job.id)).toEqual(['i2', 'b1', 'i1']);

    api.restore();
    api = fakeApi({ 'GET /api/v1/jobs': [aQueue('ingest'), aQueue('batch')] });
    await pipeline.load();
    expect(pipeline.failedJobs).toEqual([]);
    expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/jobs']);
  });

  it('says so when the jobs API does not answer, and clears it once it does', async () => {
    api = fakeApi({ 'GET /api/v1/jobs': reply(503, { code: 'UNAVAILABLE', message: 'the job queue is unavailable' }) });
    const pipeline = usePipelineStore();
    await pipeline.load();
    expect(pipeline.error?.message).toBe('the job queue is unavailable');
    expect(pipeline.loading).toBe(false);

    api.restore();
    api = fakeApi({ 'GET /api/v1/jobs': [aQueue('ingest', { lagSeconds: 3 })] });
    await pipeline.load();
    expect(pipeline.error).toBeNull();
    expect(pipeline.queues[0]!.lagSeconds).toBe(3);
  });

  it('refreshes the queues alone for the header, keeping the last figures when the API does not answer', async () => {
    api = fakeApi({ 'GET /api/v1/jobs': [aQueue('ingest', { lagSeconds: 700, maxLagSeconds: 600, refusing: true }), aQueue('batch', { failed: 3 })] });
    const pipeline = usePipelineStore();
    expect(pipeline.ingest).toBe('ok');
    await pipeline.refreshQueues();
    expect(pipeline.ingest).toBe('refusing');
    // The header asks for the queues only, not the failed jobs the Sources page lists.
    expect(api.calls.map((call) => call.path)).toEqual(['/api/v1/jobs']);

    api.restore();
    api = fakeApi({ 'GET /api/v1/jobs': reply(503, { code: 'UNAVAILABLE', message: 'the job queue is unavailable' }) });
    await pipeline.refreshQueues();
    expect(pipeline.ingest).toBe('refusing');
    expect(pipeline.error).toBeNull();

    api.restore();
    api = fakeApi({ 'GET /api/v1/jobs': [aQueue('ingest', { lagSeconds: 400, maxLagSeconds: 600, refusing: false })] });
    await pipeline.refreshQueues();
    expect(pipeline.ingest).toBe('behind');
  });
});
