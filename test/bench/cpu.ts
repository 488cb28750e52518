import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time from /proc, for figures given per request or per post. Linux reports it in clock
 * ticks of USER_HZ, which is 100 on every architecture Node runs on (the kernel's ABI), so a
 * tick is 10 ms.
 */
const MS_PER_TICK = 10;

/** The fields after the command name (which may hold spaces): state ppid pgrp … utime stime. */
function statFields(pid: number, thread?: number): string[] {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

/** User plus system CPU (ms) of one process, all its threads, or of one of its threads. */
export function processCpuMs(pid: number, thread?: number): number {
  const fields = statFields(pid, thread);
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** CPU time (ms) of every process in a group: the Elasticsearch launcher and its server JVM. */
export function groupCpuMs(group: number): number {
  let ms = 0;
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (Number(statFields(Number(name))[2]) === group) ms += processCpuMs(Number(name));
    } catch {
      // Exited meanwhile.
    }
  }
  return ms;
}

/** This process's CPU (ms) so far: the load client's own cost. */
export function ownCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Starts counting the CPU of several parts at once, each read in ms by its own function (a process,
 * a thread, a group, this process); `per(n)` divides what each spent since by `n` (requests, posts).
 * A part that holds another (a process, then its main thread) comes first: the start reads the
 * parts in order and the end in reverse, so a clock tick between two reads can only add to the
 * outer part's figure, never leave it below the inner one's.
 */
export function cpuSplit<K extends string>(parts: Readonly<Record<K, () => number>>): { per(items: number): Record<K, number> } {
  const names = Object.keys(parts) as K[];
  const start = new Map(names.map((name) => [name, parts[name]()]));
  return {
    per: (items) => {
      const end = new Map([...names].reverse().map((name) => [name, parts[name]()]));
      return Object.fromEntries(names.map((name) => [name, ((end.get(name)! - start.get(name)!) * 1000) / items])) as Record<K, number>;
    },
  };
}

/** CPU per request (µs): the server's process, all threads, and the load client (this process). */
export type RequestCpu = {
  serverUs: number;
  /** The server's main thread alone (its id is the process id): the event loop, which no other core can help. */
  mainUs: number;
  clientUs: number;
};

/**
 * Starts counting the CPU of server `pid` and of this process; `perRequest(n)` divides what both
 * spent since by the `n` requests answered meanwhile.
 */
export function cpuMeter(pid: number): { perRequest(requests: number): RequestCpu } {
  const split = cpuSplit({ serverUs: () => processCpuMs(pid), mainUs: () => processCpuMs(pid, pid), clientUs: ownCpuMs });
  return { perRequest: (requests) => split.per(requests) };
}
