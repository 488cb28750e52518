import { afterAll, beforeAll, expect, it } from 'vitest';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';

let es: RunningElasticsearch;
beforeAll(async () => {
  const t = Date.now();
  es = await startElasticsearch();
  console.log('started in', Date.now() - t, es.url);
});
afterAll(async () => {
  await es?.stop();
});
it('answers', async () => {
  const r = await fetch(`${es.url}/`);
  console.log(await r.text());
  const a = await fetch(`${es.url}/_analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ analyzer: 'spanish', text: 'hola' }) });
  console.log(a.status, await a.text());
  expect(r.ok).toBe(true);
});
