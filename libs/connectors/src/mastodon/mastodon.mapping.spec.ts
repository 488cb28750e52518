import { describe, expect, it } from 'vitest';
import { compareIds, htmlToText, linkRel, toMastodonPost } from './mastodon.mapping';

describe('htmlToText', () => {
  it('turns paragraphs and breaks into text, keeps link text, decodes entities', () => {
    const html = '<p>Hola <a href="https://m.example/tags/banco" class="mention hashtag" rel="tag">#<span>banco</span></a> &amp; caja</p><p>línea 1<br />línea 2 &#8212; &#x1F600; &quot;ok&quot;</p>';
    expect(htmlToText(html)).toBe('Hola #banco & caja\n\nlínea 1\nlínea 2 — 😀 "ok"');
  });
});

describe('toMastodonPost', () => {
  const at = new Date('2026-11-29T12:00:00Z');
  it('maps a boost to the boosted status and leaves out what is missing', () => {
    const post = toMastodonPost(
      {
        id: '200',
        content: '',
        reblog: { id: '150', content: '<p>el banco cierra</p>', created_at: '2026-11-28T10:00:00.000Z', language: 'es', url: 'https://m.example/@ana/150', account: { acct: 'ana@otra.example', display_name: 'Ana', note: '<p>yo</p>', followers_count: 3 }, favourites_count: 2 },
      },
      'm.example',
      at,
    );
    expect(post).toEqual({
      id: 'm.example/150',
      source: 'mastodon',
      text: 'el banco cierra',
      createdAt: '2026-11-28T10:00:00.000Z',
      lang: 'es',
      url: 'https://m.example/@ana/150',
      author: { id: 'ana@otra.example', handle: 'ana@otra.example', name: 'Ana', followers: 3, bio: 'yo' },
      metrics: { likes: 2 },
    });
    expect(toMastodonPost({ id: '1', content: '<p></p>' }, 'm.example', at)).toBeUndefined();
  });
});

describe('ids and links', () => {
  it('orders numeric ids by value and reads a Link header', () => {
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds('109', '100')).toBeGreaterThan(0);
    const header = '<https://m.example/api/v1/timelines/tag/banco?max_id=5>; rel="next", <https://m.example/api/v1/timelines/tag/banco?min_id=9>; rel="prev"';
    expect(linkRel(header, 'next')).toBe('https://m.example/api/v1/timelines/tag/banco?max_id=5');
    expect(linkRel(header, 'prev')).toBe('https://m.example/api/v1/timelines/tag/banco?min_id=9');
    expect(linkRel(null, 'next')).toBeUndefined();
  });
});
