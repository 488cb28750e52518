import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LABEL_STORE, type LabelStore } from '@escucha/store';

export type MaybeCorrected<T> = T & { corrected?: true };

/**
 * Which posts a person corrected, so the API can mark them `corrected: true` without the
 * stored Post type (and both store drivers' schemas) growing a field. Rebuilt from the label
 * store at start; kept here in memory, like the file driver it reads from it is per process.
 */
@Injectable()
export class CorrectedPosts implements OnModuleInit {
  private readonly ids = new Set<string>();

  constructor(@Inject(LABEL_STORE) private readonly labels: LabelStore) {}

  async onModuleInit(): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.labels.list({ limit: 1000, cursor });
      for (const label of page.items) this.ids.add(label.postId);
      cursor = page.nextCursor;
    } while (cursor);
  }

  add(postId: string): void {
    this.ids.add(postId);
  }

  mark<T extends { id: string }>(post: T): MaybeCorrected<T> {
    return this.ids.has(post.id) ? { ...post, corrected: true } : post;
  }
}
