/**
 * Leading and trailing edge throttle: the first request after a quiet spell runs at once, so a
 * lone change reaches clients without waiting; requests during the following `intervalMs` merge
 * into one run at its end, so a busy stream costs at most one run per interval.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(intervalMs >= 0)) throw new RangeError('intervalMs must be ≥ 0');
  }

  request(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
    this.timer.unref();
  }

  /**
   * For a change that must not hold back the next one (the minute roll, which moves every window
   * but carries no new post): it joins a run already waiting, or runs now without starting an
   * interval, so a post that arrives just after still goes out at once. Once a minute, that is at
   * most one run more than the interval allows.
   */
  requestAside(): void {
    if (this.timer) return;
    this.run();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.last = this.now();
    this.run();
  }
}
