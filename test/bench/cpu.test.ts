import { describe, expect, it } from 'vitest';
import { cpuMeter, processCpuMs } from './cpu';

/** Keeps this thread busy for `ms` of wall time. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('bench CPU figures, read from /proc', () => {
  it('counts the CPU a thread burns, in milliseconds, for the process and for its main thread', () => {
    const process0 = processCpuMs(process.pid);
    const main0 = processCpuMs(process.pid, process.pid);
    spin(300);
    const main = processCpuMs(process.pid, process.pid) - main0;
    const whole = processCpuMs(process.pid) - process0;
    // A busy thread gets most of a core even on a loaded machine; ticks are 10 ms.
    expect(main).toBeGreaterThanOrEqual(150);
    expect(main).toBeLessThanOrEqual(400);
    expect(whole).toBeGreaterThanOrEqual(main);
  });

  it('divides what the server and the client spent by the requests', () => {
    // This process plays both parts: its main thread is the "server's" event loop.
    const meter = cpuMeter(process.pid);
    spin(300);
    const cpu = meter.perRequest(100);
    expect(cpu.mainUs).toBeGreaterThanOrEqual(1_500);
    expect(cpu.serverUs).toBeGreaterThanOrEqual(cpu.mainUs);
    expect(cpu.clientUs).toBeGreaterThanOrEqual(1_500);
  });
});
