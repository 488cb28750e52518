import type { SentimentLabel } from '@escucha/core';

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

/**
 * Where labels live. Append-only: a later label of the same post does not replace an
 * earlier one (the history of corrections is kept; readers merge). A resolved `add` means
 * the label is durable. `list` is in the order labels were added; `limit` 1..1000, and a
 * cursor that this store did not hand out rejects with a ValidationError.
 */
export interface LabelStore {
  add(label: Label): Promise<void>;
  list(page: { limit: number; cursor?: string }): Promise<LabelPage>;
  count(): Promise<number>;
}

export const LABEL_STORE = Symbol('LabelStore');
