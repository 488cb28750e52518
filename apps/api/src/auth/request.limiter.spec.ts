import { describe, expect, it } from 'vitest';
import { AppError } from '@escucha/core';
import type { Principal } from './principal';
import { RequestLimiter } from './request.limiter';

const ana: Principal = { sub: 'ana', role: 'analyst' };
const key: Principal = { sub: 'api-key:k1', role: 'analyst', apiKey: { id: 'k1', name: 'BI export', scope: 'read' } };

async function refusal(limiter: RequestLimiter, caller: Principal): Promise<AppError | undefined> {
  return limiter.take(caller).then(
    () => undefined,
    (error: unknown) => error as AppError,
  );
}

describe('RequestLimiter', () => {
  it('lets a caller send its limit in a minute, then refuses with 429, the wait and who it was', async () => {
    const limiter = new RequestLimiter(3);
    for (let i = 0; i < 3; i++) expect(await refusal(limiter, ana)).toBeUndefined();
    const error = await refusal(limiter, ana);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const wait = error?.details?.retryAfterSeconds as number;
    expect(wait).toBeGreaterThanOrEqual(59);
    expect(wait).toBeLessThanOrEqual(60);
    expect(error?.message).toBe(`user ana sent more than 3 requests this minute; try again in ${wait} s`);
  });

  it('counts each caller apart, and names a key by its name', async () => {
    const limiter = new RequestLimiter(1);
    expect(await refusal(limiter, ana)).toBeUndefined();
    expect(await refusal(limiter, key)).toBeUndefined();
    expect((await refusal(limiter, key))?.message).toMatch(/^API key "BI export" sent more than 1 requests this minute/);
    expect(await refusal(limiter, ana)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('never refuses with a limit of 0', async () => {
    const limiter = new RequestLimiter(0);
    for (let i = 0; i < 100; i++) expect(await refusal(limiter, ana)).toBeUndefined();
  });
});
