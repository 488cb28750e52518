import { describe, expect, it } from 'vitest';
import { JOB_NAMES } from '@escucha/core';
import { collectHandlers } from './job.runner';

const noop = async () => undefined;

describe('collectHandlers', () => {
  it('maps each declared job to its one handler', () => {
    const retention = async () => undefined;
    // One handler per declared job, whatever jobs the build declares.
    const handlers = collectHandlers(
      JOB_NAMES.map((name) => (name === 'store.retention' ? [name, retention, 'RetentionJob.run'] : [name, noop, `${name}.handle`])),
    );
    expect(handlers.get('posts.ingest')).toBe(noop);
    expect(handlers.get('store.retention')).toBe(retention);
  });

  it('refuses a job without a handler', () => {
    expect(() => collectHandlers([])).toThrow(/job "posts.ingest" has no @OnJob handler/);
  });

  it('refuses a job with two handlers, naming both', () => {
    expect(() =>
      collectHandlers([
        ['posts.ingest', noop, 'A.handle'],
        ['posts.ingest', noop, 'B.handle'],
        ['posts.recategorize', noop, 'PostsRecategorizeJob.handle'],
        ['store.retention', noop, 'RetentionJob.run'],
      ]),
    ).toThrow(/2 handlers: A.handle, B.handle/);
  });
});
