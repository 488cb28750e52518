import { SENTIMENT_LABELS, ValidationError, type SentimentLabel } from '@escucha/core';

/** A person's correction of a post's analysis: ground truth for training. */
export interface Label {
  postId: string;
  /** The post's text when it was labelled, so a label stays usable after retention removes the post. */
  text: string;
  lang: string;
  /** At least one of sentiment and topics is set. */
  sentiment?: SentimentLabel;
  /** The complete, corrected topic list (possibly empty), not a diff. */
  topics?: string[];
  /** Username of who corrected it. */
  by: string;
  at: Date;
}

export interface LabelPage {
  /** Every label, not just this page. */
  total: number;
  items: Label[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** What people last said about one post: the latest sentiment and the latest topic list, each from whichever label set it. */
export interface Correction {
  sentiment?: SentimentLabel;
  topics?: string[];
}

/**
 * Where labels live, shared by every API node and worker. Append-only: a later label of the
 * same post does not replace an earlier one (the history of corrections is kept; readers
 * merge). A resolved `add` means the label is durable and seen by every read that starts
 * after it. `list` is in label time (`at`), labels of the same time in the order added;
 * `limit` 1..1000, and a cursor that this store did not hand out rejects with a ValidationError.
 */
export interface LabelStore {
  init(): Promise<void>;
  add(label: Label): Promise<void>;
  list(page: { limit: number; cursor?: string }): Promise<LabelPage>;
  count(): Promise<number>;
  /**
   * The merged correction of each of `postIds` (at most 1000) that has labels; posts without
   * any are absent. Marks corrected posts in search results, and lets re-categorisation keep
   * the topics a person chose.
   */
  corrections(postIds: readonly string[]): Promise<Map<string, Correction>>;
}

export const LABEL_STORE = Symbol('LabelStore');
export const MAX_LABEL_PAGE = 1000;
export const MAX_CORRECTION_IDS = 1000;

/** Folds labels (oldest first) into one correction per post. */
export function mergeCorrections(labels: Iterable<Pick<Label, 'postId' | 'sentiment' | 'topics'>>): Map<string, Correction> {
  const merged = new Map<string, Correction>();
  for (const label of labels) {
    const previous = merged.get(label.postId) ?? {};
    merged.set(label.postId, {
      ...previous,
      ...(label.sentiment !== undefined ? { sentiment: label.sentiment } : {}),
      ...(label.topics !== undefined ? { topics: [...label.topics] } : {}),
    });
  }
  return merged;
}

/** The same checks in every driver, so both refuse the same labels with the same words. */
export function checkLabel(label: Label): void {
  const isString = (v: unknown): v is string => typeof v === 'string';
  if (!isString(label.postId) || !isString(label.text) || !isString(label.lang) || !isString(label.by) || label.by === '') {
    throw new ValidationError('a label needs postId, text, lang and by as strings');
  }
  if (!(label.at instanceof Date) || Number.isNaN(label.at.getTime())) throw new ValidationError('label time is not a valid date');
  if (label.sentiment === undefined && label.topics === undefined) throw new ValidationError('a label sets sentiment, topics or both');
  if (label.sentiment !== undefined && !(SENTIMENT_LABELS as readonly string[]).includes(label.sentiment)) {
    throw new ValidationError(`sentiment must be one of ${SENTIMENT_LABELS.join(', ')}`);
  }
  if (label.topics !== undefined && !(Array.isArray(label.topics) && label.topics.every(isString))) throw new ValidationError('topics must be strings');
}

export function checkCorrectionIds(ids: readonly string[]): void {
  if (ids.length > MAX_CORRECTION_IDS) throw new ValidationError(`at most ${MAX_CORRECTION_IDS} post ids at a time`);
}
