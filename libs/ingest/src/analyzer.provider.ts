import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import {
  createAnalyzer,
  LATEST_POINTER,
  MODELS_DIR,
  parseModelFileName,
  parseSentimentModel,
  type SentimentModel,
} from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { ANALYZER, seedTaxonomy, SwappableAnalyzer } from './taxonomy.registry';

export { ANALYZER };


/**
 * The model `escucha train` last wrote under DATA_DIR/models, read once at start. None
 * trained: the lexicon decides. A pointer or file that cannot be read stops the start with
 * the file named, like any wrong setting, rather than silently falling back.
 */
export function loadLatestSentimentModel(dataDir: string): SentimentModel | undefined {
  const pointer = join(dataDir, MODELS_DIR, LATEST_POINTER);
  if (!existsSync(pointer)) return undefined;
  const name = readFileSync(pointer, 'utf8').trim();
  if (parseModelFileName(name) === undefined) throw new Error(`${pointer}: "${name}" is not a model file name like sentiment-1.json`);
  const file = join(dataDir, MODELS_DIR, name);
  try {
    return parseSentimentModel(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`sentiment model ${file}: ${(error as Error).message}`);
  }
}

export const analyzerProvider: Provider<SwappableAnalyzer> = {
  provide: ANALYZER,
  inject: [APP_CONFIG],
  // The trained model, if any, comes from the store once the module starts (SentimentModelRegistry).
  useFactory: (config: AppConfig) => new SwappableAnalyzer(createAnalyzer({ taxonomy: seedTaxonomy(config) }), undefined),
};
