import { SOURCES, SOURCE_ID, SOURCE_KINDS, SOURCE_STATES, ValidationError, type Source, type SourceKind, type SourceState } from '@escucha/core';

export { SOURCE_ID, SOURCE_KINDS, SOURCE_STATES, type SourceKind, type SourceState };

/** What an admin or the SOURCES_FILE says a source is. */
export interface SourceDefinition {
  id: string;
  kind: SourceKind;
  name: string;
  /** The `source` its posts get when a record does not say. */
  channel: Source;
  state: SourceState;
  /** Sealed (encrypted) credentials, opaque to the store; absent when the source needs none. */
  credentials?: string;
}

/**
 * What the source has been doing, summed over every process that handles it. Events are
 * counted per clock minute: the current one and the one before, enough for a per-minute rate.
 */
export interface SourceActivity {
  lastEventAt?: Date;
  /** Start of the minute `minuteEvents` counts. */
  minute?: Date;
  minuteEvents: number;
  previousMinuteEvents: number;
  lastError?: string;
  lastErrorAt?: Date;
}

export interface StoredSource extends SourceDefinition {
  createdAt: Date;
  updatedAt: Date;
  activity: SourceActivity;
}

/** One process's report for a source since its last one. */
export interface ActivityReport {
  at: Date;
  events: number;
  error?: string;
}

/**
 * The registry of sources, shared by every API node and worker: what an admin adds, pauses
 * or removes is seen cluster-wide, and activity reported by several processes adds up.
 */
export interface SourceStore {
  init(): Promise<void>;
  /** Fails with AppError CONFLICT when the id exists. */
  create(source: SourceDefinition, at: Date): Promise<StoredSource>;
  /** Creates, or replaces the definition of an existing source keeping its activity and createdAt (declared sources). */
  save(source: SourceDefinition, at: Date): Promise<StoredSource>;
  get(id: string): Promise<StoredSource | undefined>;
  /** Ordered by id. */
  list(): Promise<StoredSource[]>;
  /** undefined when no such source. */
  setState(id: string, state: SourceState, at: Date): Promise<StoredSource | undefined>;
  /** false when no such source. */
  delete(id: string): Promise<boolean>;
  /** Adds a process's counts; a report for a deleted source is dropped. */
  recordActivity(id: string, report: ActivityReport): Promise<void>;
}

export const SOURCE_STORE = Symbol('SourceStore');

export const NO_ACTIVITY: SourceActivity = Object.freeze({ minuteEvents: 0, previousMinuteEvents: 0 });

const MINUTE = 60_000;

export function checkSourceDefinition(source: SourceDefinition): void {
  if (typeof source.id !== 'string' || !SOURCE_ID.test(source.id)) {
    throw new ValidationError(`source id must be 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit, got "${String(source.id)}"`);
  }
  if (!(SOURCE_KINDS as readonly string[]).includes(source.kind)) {
    throw new ValidationError(`source kind must be one of ${SOURCE_KINDS.join(', ')}, got "${String(source.kind)}"`);
  }
  if (!(SOURCES as readonly string[]).includes(source.channel)) {
    throw new ValidationError(`source channel must be one of ${SOURCES.join(', ')}, got "${String(source.channel)}"`);
  }
  checkState(source.state);
  if (typeof source.name !== 'string' || source.name.trim() === '' || source.name.length > 200) {
    throw new ValidationError('source name must be 1 to 200 characters');
  }
}

export function checkState(state: string): asserts state is SourceState {
  if (!(SOURCE_STATES as readonly string[]).includes(state)) {
    throw new ValidationError(`source state must be one of ${SOURCE_STATES.join(', ')}, got "${state}"`);
  }
}

/**
 * Folds a report into stored activity. Both drivers run it inside a compare-and-set, so
 * concurrent reports from several processes all count. A report late by more than a minute
 * still moves lastEventAt but no longer counts towards the rate.
 */
export function applyActivity(stored: SourceActivity, report: ActivityReport): SourceActivity {
  const next: SourceActivity = { ...stored };
  if (report.events > 0) {
    const minute = new Date(Math.floor(report.at.getTime() / MINUTE) * MINUTE);
    const current = stored.minute?.getTime();
    if (current === undefined || minute.getTime() - current > MINUTE) {
      Object.assign(next, { minute, minuteEvents: report.events, previousMinuteEvents: 0 });
    } else if (minute.getTime() - current === MINUTE) {
      Object.assign(next, { minute, minuteEvents: report.events, previousMinuteEvents: stored.minuteEvents });
    } else if (minute.getTime() === current) {
      next.minuteEvents = stored.minuteEvents + report.events;
    } else if (current - minute.getTime() === MINUTE) {
      next.previousMinuteEvents = stored.previousMinuteEvents + report.events;
    }
    if (!stored.lastEventAt || stored.lastEventAt < report.at) next.lastEventAt = report.at;
  }
  if (report.error !== undefined && (!stored.lastErrorAt || stored.lastErrorAt <= report.at)) {
    next.lastError = report.error.slice(0, 1000);
    next.lastErrorAt = report.at;
  }
  return next;
}

/**
 * Events in the minute up to `now`, estimated from the two stored minute buckets: the
 * current one whole plus the part of the previous one still inside the window.
 */
export function eventsLastMinute(activity: SourceActivity, now: Date): number {
  if (!activity.minute) return 0;
  const start = activity.minute.getTime();
  const nowMinute = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const intoMinute = (now.getTime() - nowMinute) / MINUTE;
  if (nowMinute === start) return Math.round(activity.minuteEvents + activity.previousMinuteEvents * (1 - intoMinute));
  if (nowMinute - start === MINUTE) return Math.round(activity.minuteEvents * (1 - intoMinute));
  return 0;
}

/** JSON form of activity, for drivers that keep it as one document. */
export interface ActivityDocument {
  lastEventAt?: string;
  minute?: string;
  minuteEvents: number;
  previousMinuteEvents: number;
  lastError?: string;
  lastErrorAt?: string;
}

export function activityToDocument(activity: SourceActivity): ActivityDocument {
  return {
    lastEventAt: activity.lastEventAt?.toISOString(),
    minute: activity.minute?.toISOString(),
    minuteEvents: activity.minuteEvents,
    previousMinuteEvents: activity.previousMinuteEvents,
    lastError: activity.lastError,
    lastErrorAt: activity.lastErrorAt?.toISOString(),
  };
}

export function activityFromDocument(document: ActivityDocument): SourceActivity {
  const activity: SourceActivity = { minuteEvents: document.minuteEvents, previousMinuteEvents: document.previousMinuteEvents };
  if (document.lastEventAt) activity.lastEventAt = new Date(document.lastEventAt);
  if (document.minute) activity.minute = new Date(document.minute);
  if (document.lastError !== undefined) activity.lastError = document.lastError;
  if (document.lastErrorAt) activity.lastErrorAt = new Date(document.lastErrorAt);
  return activity;
}
