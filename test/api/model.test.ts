import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TestServer, waitFor } from '../support/server';

const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

/** A tiny labelled set the trainer can separate: made-up product words carry the label. */
function labels(): string {
  const lines: string[] = [];
  const kinds = [
    ['positive', 'zorblax'],
    ['negative', 'quonfit'],
    ['neutral', 'plimbo'],
  ];
  for (const [sentiment, word] of kinds) {
    for (let i = 0; i < 30; i++) lines.push(JSON.stringify({ text: `el plan ${word} número ${i} del barrio ${i % 7}`, lang: 'es', sentiment }));
  }
  return `${lines.join('\n')}\n`;
}

interface Explained {
  sentiment: { label: string };
  model?: { version: number };
}

describe('trained sentiment models are versioned in the store', () => {
  const server = new TestServer();

  beforeAll(async () => {
    await server.start();
    await server.login();
  });
  afterAll(() => server.stop());

  it('picks up a model escucha train wrote, without a restart, and keeps it in the store', async () => {
    const before = await server.request<Explained>('POST', '/api/v1/analysis/explain', { text: 'el plan zorblax' });
    expect(before.body.model).toBeUndefined();

    const input = join(server.dataDir, 'labels-for-test.jsonl');
    writeFileSync(input, labels());
    const trained = spawnSync(process.execPath, [CLI, 'train', '--input', input, '--data-dir', server.dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect(trained.status, trained.stderr).toBe(0);

    const after = await waitFor('the server to use the trained model', async () => {
      const response = await server.request<Explained>('POST', '/api/v1/analysis/explain', { text: 'el plan zorblax' });
      return response.body.model ? response.body : undefined;
    });
    expect(after.model?.version).toBe(1);
    expect(after.sentiment.label).toBe('positive');

    // The store, not the file, is what the cluster follows: without the file it is still there.
    await server.kill('SIGTERM');
    rmSync(join(server.dataDir, 'models'), { recursive: true, force: true });
    await server.start();
    await server.login();
    const restarted = await server.request<Explained>('POST', '/api/v1/analysis/explain', { text: 'el plan quonfit' });
    expect(restarted.body.model?.version).toBe(1);
    expect(restarted.body.sentiment.label).toBe('negative');
  });
});
