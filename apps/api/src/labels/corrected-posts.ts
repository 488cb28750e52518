import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { LABEL_STORE, LABELS_DIR, LABELS_FILE, MAX_CORRECTION_IDS, readLegacyLabelFile, type LabelStore } from '@escucha/store';

export type MaybeCorrected<T> = T & { corrected?: true };

/**
 * Which posts a person corrected, so the API can mark them `corrected: true` without the
 * stored Post type (and both store drivers' schemas) growing a field. Asked of the label
 * store per page, so every API node marks the same posts.
 */
@Injectable()
export class CorrectedPosts implements OnModuleInit {
  private readonly logger = new Logger('Labels');

  constructor(
    @Inject(LABEL_STORE) private readonly labels: LabelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Versions before the label store kept labels in DATA_DIR/labels/labels.jsonl. Moved into
   * the store once, then the file is renamed so the next start does not move it again. A
   * crash between the two moves it twice: harmless, as readers merge a post's labels.
   */
  async onModuleInit(): Promise<void> {
    const file = join(this.config.dataDir, LABELS_DIR, LABELS_FILE);
    const legacy = await readLegacyLabelFile(file);
    if (!legacy) return;
    for (const label of legacy) await this.labels.add(label);
    await rename(file, `${file}.migrated`);
    this.logger.log(`${legacy.length} labels moved from ${file} into the store (the file is now ${LABELS_FILE}.migrated)`);
  }

  async mark<T extends { id: string }>(posts: readonly T[]): Promise<Array<MaybeCorrected<T>>> {
    const ids = [...new Set(posts.map((post) => post.id))];
    const corrected = new Set<string>();
    for (let i = 0; i < ids.length; i += MAX_CORRECTION_IDS) {
      for (const id of (await this.labels.corrections(ids.slice(i, i + MAX_CORRECTION_IDS))).keys()) corrected.add(id);
    }
    return posts.map((post) => (corrected.has(post.id) ? { ...post, corrected: true } : post));
  }
}
