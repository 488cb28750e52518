import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_NAMES, QUEUE_NAMES, type JobName } from '@escucha/core';
import { JOB_QUEUE, type AnyJob, type JobQueue } from '@escucha/queue';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { ON_JOB } from './on-job.decorator';

type Handler = (job: AnyJob) => Promise<void>;

export interface JobEvents {
  started: [job: AnyJob];
  completed: [job: AnyJob, ms: number];
  failed: [job: AnyJob, error: Error, willRetry: boolean, ms: number];
}

/** Finds every `@OnJob` handler, refuses to boot unless each job name has exactly one, and wraps them all. */
export function collectHandlers(entries: Iterable<[JobName, Handler, string]>): Map<JobName, Handler> {
  const found = new Map<JobName, { handler: Handler; where: string[] }>();
  for (const [name, handler, where] of entries) {
    const seen = found.get(name);
    if (seen) seen.where.push(where);
    else found.set(name, { handler, where: [where] });
  }
  const problems: string[] = [];
  for (const name of JOB_NAMES) {
    const entry = found.get(name);
    if (!entry) problems.push(`job "${name}" has no @OnJob handler`);
    else if (entry.where.length > 1) problems.push(`job "${name}" has ${entry.where.length} handlers: ${entry.where.join(', ')}`);
  }
  for (const name of found.keys()) {
    if (!JOB_NAMES.includes(name)) problems.push(`@OnJob("${name}") names no declared job`);
  }
  if (problems.length > 0) throw new Error(`Job handlers are wrong:\n  - ${problems.join('\n  - ')}`);
  return new Map([...found].map(([name, entry]) => [name, entry.handler]));
}

@Injectable()
export class JobRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobRunner.name);
  readonly events = new EventEmitter<JobEvents>();
  private handlers = new Map<JobName, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = collectHandlers(this.discover());
    for (const queue of QUEUE_NAMES) {
      // Ingest jobs run many at once so that those ready together share a store write (PostWriter);
      // batch jobs page through history one at a time, behind ingest.
      const concurrency = queue === 'ingest' ? this.config.ingest.workerJobs : 1;
      this.queue.process(queue, (job) => this.run(job), { concurrency });
    }
    this.logger.log(`processing ${[...this.handlers.keys()].join(', ')} on queues ${QUEUE_NAMES.join(', ')}`);
  }

  /** The one place every job passes: timing, logging and lifecycle events; the driver owns retries. */
  async run(job: AnyJob): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    const started = performance.now();
    this.events.emit('started', job);
    try {
      await handler(job);
      this.events.emit('completed', job, performance.now() - started);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const willRetry = job.attempt < job.maxAttempts;
      this.events.emit('failed', job, err, willRetry, performance.now() - started);
      this.logger.warn(`job ${job.name} ${job.id} failed (try ${job.attempt}/${job.maxAttempts}): ${err.message}`);
      throw err;
    }
  }

  private *discover(): Iterable<[JobName, Handler, string]> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn);
        if (name) yield [name, (fn as Handler).bind(instance), `${wrapper.name}.${method}`];
      }
    }
  }
}
