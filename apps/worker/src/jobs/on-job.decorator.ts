import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from '@escucha/core';
import type { Job } from '@escucha/queue';

export const ON_JOB = Symbol('OnJob');

/** A method that handles one job name; its parameter is typed by the payload union. */
export type JobHandlerMethod<N extends JobName> = (job: Job<N>) => Promise<void>;

export function OnJob<N extends JobName>(name: N) {
  return <T extends JobHandlerMethod<N>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    SetMetadata(ON_JOB, name)(target, key, descriptor);
    return descriptor;
  };
}

export type { JobPayloads };
