import { ManualClock, type PostInput, type QueueName } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import type { PostSink } from '../connector.port';
import { DemoConnector, type DemoConnectorOptions, type DemoTickResult, MemoryCursorStore } from './demo.connector';
import { DemoGenerator } from './demo.generator';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-03-04T15:20:30.250Z');
const silent = { log: () => undefined, warn: () => undefined };
// Small and fixed: the tests compare against what the generator yields for the same range.
const generator = new DemoGenerator({ seed: 3, ratePerMinute: 12 });

class RecordingSink implements PostSink {
  readonly calls: { queue: QueueName; posts: PostInput[] }[] = [];
  entered = 0;
  failNext = 0;
  gate?: Promise<void>;

  async accept(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    this.entered++;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('queue unavailable');
    }
    if (this.gate) await this.gate;
    this.calls.push({ queue, posts: [...posts] });
  }

  ids(queue?: QueueName): string[] {
    return this.calls.filter((c) => !queue || c.queue === queue).flatMap((c) => c.posts.map((p) => p.id));
  }
}

class BackfillFlag {
  done = false;
  marks = 0;
  readonly has = async () => this.done;
  readonly mark = async () => {
    this.done = true;
    this.marks++;
  };
}

function connector(clock: ManualClock, flag: BackfillFlag, extra: Partial<DemoConnectorOptions> = {}): DemoConnector {
  return new DemoConnector({
    generator,
    clock,
    backfillDays: 1,
    tickMs: 1000,
    hasBackfilled: flag.has,
    markBackfilled: flag.mark,
    autoTick: false,
    logger: silent,
    ...extra,
  });
}

/** Ticks until the connector has caught up, returning the steps it took. */
async function catchUp(demo: DemoConnector): Promise<DemoTickResult[]> {
  const steps: DemoTickResult[] = [];
  for (let i = 0; i < 1000; i++) {
    const step = await demo.tick();
    if (!step) return steps;
    steps.push(step);
    if (step.queue === 'ingest') return steps;
  }
  throw new Error('never caught up');
}

const idsBetween = (from: number, to: number) => generator.generate(new Date(from), new Date(to)).map((p) => p.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(5);
  if (!check()) throw new Error('condition never met');
}

describe('DemoConnector', () => {
  it('backfills once in hourly chunks on the batch queue, then streams each tick on the ingest queue', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    const sink = new RecordingSink();
    const demo = connector(clock, flag);
    await demo.start(sink);

    const steps = await catchUp(demo);
    expect(steps.every((s) => s.queue === 'batch')).toBe(true);
    expect(steps.length).toBe(25); // a partial first hour, 23 whole ones, and the partial last one
    expect(steps.slice(1, -1).every((s) => s.to.getTime() - s.from.getTime() === HOUR)).toBe(true);
    expect(sink.ids('batch')).toEqual(idsBetween(NOW.getTime() - DAY, NOW.getTime()));
    expect(flag.marks).toBe(1);

    for (const step of [1000, 1000, 30_000, 7_000, 250]) {
      clock.advance(step);
      await demo.tick();
    }
    expect(sink.calls.slice(steps.length).every((c) => c.queue === 'ingest')).toBe(true);
    expect(sink.ids()).toEqual(idsBetween(NOW.getTime() - DAY, clock.now().getTime()));
    expect(flag.marks).toBe(1);
    await demo.stop();
  });

  it('after a restart fills the downtime from the saved cursor, with nothing skipped or sent twice', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    const cursor = new MemoryCursorStore();
    const sink = new RecordingSink();
    const first = connector(clock, flag, { cursor });
    await first.start(sink);
    await catchUp(first);
    clock.advance(90_000);
    await first.tick();
    await first.stop();
    expect((await cursor.load())?.getTime()).toBe(clock.now().getTime());

    clock.advance(2 * HOUR + 12_345);
    const second = connector(clock, flag, { cursor });
    await second.start(sink);
    const steps = await catchUp(second);
    expect(steps[0].queue).toBe('batch');
    clock.advance(5000);
    await second.tick();
    await second.stop();

    const ids = sink.ids();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(idsBetween(NOW.getTime() - DAY, clock.now().getTime()));
    expect(flag.marks).toBe(1);
  });

  it('after a restart without a cursor store starts live from now', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    flag.done = true;
    const sink = new RecordingSink();
    const demo = connector(clock, flag);
    await demo.start(sink);
    expect(await demo.tick()).toBeNull();
    clock.advance(60_000);
    const step = await demo.tick();
    expect(step?.queue).toBe('ingest');
    expect(sink.ids()).toEqual(idsBetween(NOW.getTime(), NOW.getTime() + 60_000));
    await demo.stop();
  });

  it('resumes an interrupted backfill where it stopped, and never goes back beyond the horizon', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    const sink = new RecordingSink();
    const resumed = connector(clock, flag, { cursor: new MemoryCursorStore(new Date(NOW.getTime() - 3 * HOUR)) });
    await resumed.start(sink);
    const steps = await catchUp(resumed);
    expect(steps[0].from.getTime()).toBe(NOW.getTime() - 3 * HOUR);
    expect(flag.marks).toBe(1);
    await resumed.stop();

    const stale = connector(clock, new BackfillFlag(), { cursor: new MemoryCursorStore(new Date(NOW.getTime() - 30 * DAY)) });
    await stale.start(new RecordingSink());
    expect((await stale.tick())?.from.getTime()).toBe(NOW.getTime() - DAY);
    await stale.stop();
  });

  it('re-sends the same range after a failed hand-off', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    const sink = new RecordingSink();
    const demo = connector(clock, flag, { backfillDays: 0 });
    await demo.start(sink);
    await demo.tick();
    expect(flag.marks).toBe(1);
    clock.advance(20_000);
    sink.failNext = 1;
    await expect(demo.tick()).rejects.toThrow('queue unavailable');
    clock.advance(1000);
    await demo.tick();
    expect(sink.ids()).toEqual(idsBetween(NOW.getTime(), NOW.getTime() + 21_000));
    await demo.stop();
  });

  it('stop() waits for the hand-off in flight, then nothing more is sent', async () => {
    const clock = new ManualClock(NOW);
    const flag = new BackfillFlag();
    const sink = new RecordingSink();
    let release: () => void = () => undefined;
    sink.gate = new Promise<void>((resolve) => (release = resolve));
    const demo = connector(clock, flag, { backfillDays: 0, tickMs: 5, autoTick: true });
    await demo.start(sink);
    await expect(demo.start(sink)).rejects.toThrow(/already started/);
    await until(() => flag.done);
    clock.advance(60_000);
    await until(() => sink.entered === 1);

    let stopped = false;
    const stopping = demo.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sink.calls).toHaveLength(1);

    clock.advance(60_000);
    await sleep(30);
    expect(sink.entered).toBe(1);
    expect(await demo.tick()).toBeNull();
  });
});
