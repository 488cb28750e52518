// Child process for the kill -9 durability test: writes batches through the real DuckDB driver
// and prints "acked <n>" only after upsert(<batch n>) resolved. The parent kills it mid-stream.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const [dbPath, batchSize = '200', maxBatches = '2000'] = process.argv.slice(2);
// An orphan must not write forever if the parent dies before killing it.
process.stdout.on('error', () => process.exit(1));
const root = resolve(import.meta.dirname, '../..');
// Every lib, as the store's imports (domain types of other libs) may grow.
const libs = readdirSync(resolve(root, 'libs'));
const alias = Object.fromEntries(libs.map((lib) => [`@escucha/${lib}`, resolve(root, `libs/${lib}/src`)]));

const { module: store } = await runnerImport(resolve(root, 'libs/store/src/index.ts'), {
  configFile: false,
  root,
  logLevel: 'silent',
  resolve: { alias },
});
const { posts } = await store.openDuckDbStores(dbPath);

const start = Date.parse('2026-03-02T00:00:00.000Z');
for (let batch = 0; batch < Number(maxBatches); batch++) {
  const items = Array.from({ length: Number(batchSize) }, (_, i) => {
    const nativeId = `${batch}-${i}`;
    return {
      id: `x:${nativeId}`,
      nativeId,
      source: 'x',
      channel: 'social',
      text: `durable post ${nativeId}`,
      lang: 'en',
      createdAt: new Date(start + batch * 1000 + i),
      ingestedAt: new Date(),
      author: { id: `a${i % 17}`, handle: `h${i % 17}` },
      sentiment: { label: 'neutral', score: 0 },
      topics: ['durability'],
      intents: [],
      entities: [],
      metrics: { likes: 0, reposts: 0, replies: 0 },
    };
  });
  await posts.upsert(items);
  process.stdout.write(`acked ${batch}\n`);
}
await posts.close();
