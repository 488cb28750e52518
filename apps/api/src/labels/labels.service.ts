import { Inject, Injectable } from '@nestjs/common';
import type { Analyzer } from '@escucha/analysis';
import { AppError, CLOCK, NotFoundError, aspectsForTopics, type Clock, type Post, type SentimentLabel } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import { LABEL_STORE, POST_STORE, type Label, type LabelPage, type LabelStore, type PostStore } from '@escucha/store';
import type { MaybeCorrected } from './corrected-posts';
import type { CorrectLabelsDto, LabelsQuery } from './labels.dto';

/** A person's verdict is certain: the score is the label's end of the scale. */
const SCORE: Record<SentimentLabel, number> = { negative: -1, neutral: 0, positive: 1 };

/** One line of the export, the record `escucha train --input` reads. */
interface TrainingRecord {
  text: string;
  lang?: string;
  sentiment?: SentimentLabel;
  topics?: string[];
}

@Injectable()
export class LabelsService {
  constructor(
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(LABEL_STORE) private readonly labels: LabelStore,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async correct(postId: string, dto: CorrectLabelsDto, by: string): Promise<MaybeCorrected<Post>> {
    const topics = dto.topics ? [...new Set(dto.topics)] : undefined;
    if (topics) this.checkTopics(topics);
    const [post] = await this.posts.get([postId]);
    if (!post) throw new NotFoundError(`no post with id ${postId}`);
    const label: Label = {
      postId,
      text: post.text,
      lang: post.lang,
      ...(dto.sentiment ? { sentiment: dto.sentiment } : {}),
      ...(topics ? { topics } : {}),
      by,
      at: this.clock.now(),
    };
    // The label first: it is the durable record of what a person said about the text. If the
    // post write then fails the caller gets an error and retries; a second label is harmless
    // (the export merges a post's labels), a lost one would not be.
    await this.labels.add(label);
    const updated: Post = {
      ...post,
      ...(dto.sentiment ? { sentiment: { label: dto.sentiment, score: SCORE[dto.sentiment] } } : {}),
      ...(topics ? { topics } : {}),
    };
    if (topics && post.aspects) updated.aspects = aspectsForTopics(topics, post.aspects, updated.sentiment.label);
    await this.posts.upsert([updated]);
    return { ...updated, corrected: true };
  }

  list(query: LabelsQuery): Promise<LabelPage> {
    return this.labels.list({ limit: query.limit ?? 100, cursor: query.cursor });
  }

  /**
   * JSONL, one record per post in the order posts were first labelled: a post corrected
   * twice is trained on once, with its latest sentiment and latest topics.
   */
  async exportJsonl(): Promise<string> {
    const records = new Map<string, TrainingRecord>();
    let cursor: string | undefined;
    do {
      const page = await this.labels.list({ limit: 1000, cursor });
      for (const label of page.items) {
        const previous = records.get(label.postId);
        const sentiment = label.sentiment ?? previous?.sentiment;
        const topics = label.topics ?? previous?.topics;
        records.set(label.postId, {
          text: label.text,
          ...(label.lang ? { lang: label.lang } : {}),
          ...(sentiment ? { sentiment } : {}),
          ...(topics ? { topics } : {}),
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return [...records.values()].map((r) => `${JSON.stringify(r)}\n`).join('');
  }

  private checkTopics(topics: readonly string[]): void {
    const known = this.analyzer.describe().topics;
    const unknown = topics.filter((t) => !known.includes(t));
    if (unknown.length > 0) {
      throw new AppError('UNKNOWN_TOPIC', `unknown topic ${unknown.join(', ')}; known topics: ${known.join(', ')}`, 400, { topics: unknown });
    }
  }
}
