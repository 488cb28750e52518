import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnalyzer, serializeSentimentModel, trainSentimentModel, type LabelledSignals } from '@escucha/analysis';
import { loadLatestSentimentModel } from './analyzer.provider';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-provider-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadLatestSentimentModel', () => {
  it('is undefined when no model was trained in DATA_DIR', () => {
    expect(loadLatestSentimentModel(tempDir())).toBeUndefined();
  });

  it('loads the model the latest pointer names', () => {
    const analyzer = createAnalyzer();
    const examples: LabelledSignals[] = ['florp', 'grusk', 'plan'].map((text, i) => ({
      signals: analyzer.sentimentSignals({ text, lang: 'es' }),
      sentiment: (['positive', 'negative', 'neutral'] as const)[i],
    }));
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'models'));
    writeFileSync(join(dataDir, 'models', 'sentiment-3.json'), JSON.stringify(serializeSentimentModel(trainSentimentModel(examples, { version: 3 }))));
    writeFileSync(join(dataDir, 'models', 'latest'), 'sentiment-3.json\n');
    expect(loadLatestSentimentModel(dataDir)?.info.version).toBe(3);
  });

  it('stops the start with the file named when the pointer or the model is wrong', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'models'));
    writeFileSync(join(dataDir, 'models', 'latest'), '../../etc/passwd');
    expect(() => loadLatestSentimentModel(dataDir)).toThrow(/is not a model file name/);
    writeFileSync(join(dataDir, 'models', 'latest'), 'sentiment-1.json');
    writeFileSync(join(dataDir, 'models', 'sentiment-1.json'), '{');
    expect(() => loadLatestSentimentModel(dataDir)).toThrow(/sentiment model .*sentiment-1\.json/);
  });
});
