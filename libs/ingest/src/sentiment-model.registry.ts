import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { LATEST_POINTER, MODELS_DIR, parseModelFileName, parseSentimentModel, serializeSentimentModel } from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';
import { loadLatestSentimentModel } from './analyzer.provider';
import { ANALYZER, type SwappableAnalyzer } from './taxonomy.registry';

/** The model itself (a few MB) and a small pointer to poll, so following it costs one tiny read. */
const MODEL_KEY = 'sentiment-model';
const MODEL_POINTER_KEY = 'sentiment-model.latest';
const SYNC_MS = 5_000;

/**
 * Trained sentiment models are versioned in the store, so every API node and worker
 * decides sentiment with the same one. `escucha train` writes plain files under DATA_DIR
 * (a CLI never opens the server's database); the server imports a newer file into the store,
 * and every process switches to the newest stored model within seconds, without a restart.
 */
@Injectable()
export class SentimentModelRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SentimentModel');

  constructor(
    @Inject(ANALYZER) private readonly analyzer: SwappableAnalyzer,
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** At start a model file that cannot be read stops the process, naming the file. */
  async onModuleInit(): Promise<void> {
    await this.sync();
  }

  // The schedule module clears its intervals only after the store has closed.
  private stopped = false;

  onModuleDestroy(): void {
    this.stopped = true;
  }

  @Interval('sentiment-model-sync', SYNC_MS)
  async poll(): Promise<void> {
    if (this.stopped) return;
    await this.sync().catch((error: Error) => this.logger.warn(`sentiment model not synced: ${error.message}`));
  }

  async sync(): Promise<void> {
    let stored = (await this.settings.get(MODEL_POINTER_KEY))?.version ?? 0;
    if (this.localVersion() > stored) {
      const model = loadLatestSentimentModel(this.config.dataDir)!;
      const version = model.info.version;
      const now = this.clock.now();
      // The model first, then the pointer: a reader that sees the pointer finds the model.
      await this.settings.put(MODEL_KEY, version, serializeSentimentModel(model), now);
      if (await this.settings.put(MODEL_POINTER_KEY, version, { version }, now)) {
        this.logger.log(`imported sentiment model v${version} from ${join(this.config.dataDir, MODELS_DIR)}`);
      }
      stored = Math.max(stored, version);
    }
    if (stored > this.analyzer.modelVersion) {
      const document = await this.settings.get(MODEL_KEY);
      if (!document || document.version <= this.analyzer.modelVersion) return;
      this.analyzer.useSentimentModel(parseSentimentModel(document.value));
      this.logger.log(`now deciding sentiment with model v${document.version}`);
    }
  }

  /** The version `latest` names under DATA_DIR/models, read from the pointer alone (cheap to poll). */
  private localVersion(): number {
    const pointer = join(this.config.dataDir, MODELS_DIR, LATEST_POINTER);
    if (!existsSync(pointer)) return 0;
    return parseModelFileName(readFileSync(pointer, 'utf8').trim()) ?? 0;
  }
}
