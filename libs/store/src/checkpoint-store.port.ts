import { ValidationError } from '@escucha/core';

/** Where a process got to: a stream's cursor, a one-time step done. */
export interface Checkpoint {
  value: unknown;
  at: Date;
}

/**
 * Small named positions that whichever process holds a duty next must find (the demo stream's
 * cursor, its backfill marker), kept with the posts so that in scale-out no node's disk holds
 * them. The last `put` wins: callers hold a lease for the duty, so one process writes a key at
 * a time. A resolved `put` is durable and seen by every `get` that starts after it.
 */
export interface CheckpointStore {
  init(): Promise<void>;
  get(key: string): Promise<Checkpoint | undefined>;
  /** `value` is any JSON value. */
  put(key: string, value: unknown, at: Date): Promise<void>;
  /** Forgets a key, so the duty it marked runs again from the start; false when there was none. */
  delete(key: string): Promise<boolean>;
}

export const CHECKPOINT_STORE = Symbol('CheckpointStore');

export function checkCheckpointKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > 512) throw new ValidationError('checkpoint key must be 1 to 512 bytes');
  return key;
}

export function checkpointJson(value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) throw new ValidationError('checkpoint value must be a JSON value');
  return text;
}

export function checkCheckpointTime(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new ValidationError('checkpoint time is not a valid date');
}
