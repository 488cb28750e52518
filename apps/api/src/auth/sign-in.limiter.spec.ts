import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in.limiter';

const limits = { windowMs: 1000, perUserAndAddress: 3, perUser: 5, perAddress: 4 };

async function refusal(attempt: Promise<void>): Promise<{ status: number; details?: Readonly<Record<string, unknown>> } | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    return error as { status: number; details?: Readonly<Record<string, unknown>> };
  }
}

describe('SignInLimiter (memory)', () => {
  it('refuses past the pair limit with the seconds to wait, and lets the attempts through again once the window lapses', async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 3; i++) await limiter.attempt('ana', '10.0.0.1');
    const refused = await refusal(limiter.attempt('ana', '10.0.0.1'));
    expect(refused).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await refusal(limiter.attempt('ana', '10.0.0.1'))).toBeUndefined();
  });

  it('counts usernames without regard to case', async () => {
    const limiter = new SignInLimiter(limits);
    for (const name of ['Ana', 'ANA', 'ana']) await limiter.attempt(name, '10.0.0.1');
    expect(await refusal(limiter.attempt('aNa', '10.0.0.1'))).toMatchObject({ status: 429 });
  });

  it('a success starts the pair over', async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 3; i++) await limiter.attempt('ana', '10.0.0.1');
    await limiter.succeeded('ana', '10.0.0.1');
    expect(await refusal(limiter.attempt('ana', '10.0.0.1'))).toBeUndefined();
  });

  it('adds nothing to the user\'s count once the pair is refused, so one address alone cannot lock a name', async () => {
    const limiter = new SignInLimiter({ ...limits, perAddress: 100 });
    for (let i = 0; i < 20; i++) await refusal(limiter.attempt('ana', '10.0.0.1'));
    expect(await refusal(limiter.attempt('ana', '10.0.0.2'))).toBeUndefined();
  });

  it('refuses a name tried from many addresses, but not from an address it signed in from', async () => {
    const limiter = new SignInLimiter(limits);
    await limiter.attempt('ana', '10.0.0.9');
    await limiter.succeeded('ana', '10.0.0.9');
    for (let a = 1; a <= 5; a++) await limiter.attempt('ana', `10.0.1.${a}`);
    expect(await refusal(limiter.attempt('ana', '10.0.1.77'))).toMatchObject({ status: 429 });
    expect(await refusal(limiter.attempt('ana', '10.0.0.9'))).toBeUndefined();
  });
});
