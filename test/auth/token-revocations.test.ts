import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { systemClock } from '@escucha/core';
import { FileTokenRevocations } from '../../apps/api/src/auth/revocations/file.token-revocations';
import { RedisTokenRevocations } from '../../apps/api/src/auth/revocations/redis.token-revocations';
import { describeTokenRevocationsContract } from '../contract/token-revocations.contract';
import { startRedis, type RunningRedis } from '../support/redis';

let dir: string;
let files = 0;
let redis: RunningRedis;
let prefixes = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'escucha-revocations-'));
  redis = await startRedis();
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await redis?.stop();
});

// One process owns the file: the "other" handle is the same object, as every request in that process shares it.
describeTokenRevocationsContract('file', async () => {
  const revocations = await FileTokenRevocations.open(join(dir, `revocations-${++files}.json`), systemClock);
  return { revocations, other: async () => revocations, close: () => revocations.close() };
});

describeTokenRevocationsContract('redis', async () => {
  const prefix = `escucha:test-${++prefixes}:`;
  const clients: Redis[] = [];
  const open = () => {
    const client = new Redis(redis.url);
    clients.push(client);
    return new RedisTokenRevocations(client, prefix);
  };
  return {
    revocations: open(),
    other: async () => open(),
    close: async () => {
      for (const client of clients) client.disconnect();
    },
  };
});
