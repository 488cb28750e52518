/**
 * Where a connector's repeating timers (keep-alive watchdogs) live. In the server they are
 * @nestjs/schedule intervals registered by name, so they are visible in the SchedulerRegistry
 * and cleared on shutdown; standalone (tests, scripts) plain intervals do.
 */
export interface ConnectorTimers {
  /** Runs `tick` every `ms` under `name`, replacing an interval of that name. */
  every(name: string, ms: number, tick: () => void): void;
  /** Stops the interval `name`; nothing when there is none. */
  cancel(name: string): void;
}

export class PlainTimers implements ConnectorTimers {
  private readonly intervals = new Map<string, NodeJS.Timeout>();

  every(name: string, ms: number, tick: () => void): void {
    this.cancel(name);
    const interval = setInterval(tick, ms);
    interval.unref();
    this.intervals.set(name, interval);
  }

  cancel(name: string): void {
    clearInterval(this.intervals.get(name));
    this.intervals.delete(name);
  }
}
