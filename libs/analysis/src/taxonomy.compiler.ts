import type { Token } from './text.tokenizer';
import { stemmerFor, type Stemmer } from './text.stemmer';
import { MIN_PREFIX, type QueryNode, type WordPattern } from './taxonomy.query';

/**
 * Compiles many queries into one index so a post is matched against all of them in a
 * single pass over its tokens: each token is looked up once per word form (its folded
 * form, and its stem in each language some query is stemmed in), plus one probe for
 * wildcard prefixes; the leaves it satisfies are marked, and only the queries that own a
 * marked leaf are evaluated. Cost grows with the post, not with the taxonomy.
 *
 * NEAR needs where a leaf matched, so leaves under a NEAR also record the word positions
 * of their occurrences; the NEAR is then decided from those lists, never by rescanning.
 */

type Node =
  | { readonly op: 'leaf'; readonly leaf: number }
  | { readonly op: 'and' | 'or'; readonly items: readonly Node[] }
  | { readonly op: 'not'; readonly item: Node }
  | { readonly op: 'near'; readonly distance: number; readonly left: readonly number[]; readonly right: readonly number[] };

/** Which form of a word a leaf compares: the folded word (index 0) or its stem in one language. */
type Form = number;
const FOLDED: Form = 0;

interface Leaf {
  readonly words: readonly WordPattern[];
  readonly form: Form;
  /** Only counts when the post's form is this one ("*" queries follow the post's language). */
  readonly onlyForm?: Form;
  /** Under a NEAR: every occurrence is recorded, not just the first. */
  near: boolean;
}

interface WordInfo {
  /** Index 0: the folded word; then its stem in each stemmed language, by form. */
  readonly forms: readonly string[];
  /** Leaves whose first word this word matches, in any form or by wildcard. */
  readonly leaves: readonly number[];
}

const MAX_CACHED_WORDS = 50_000;

interface PrefixEntry {
  readonly prefix: string;
  readonly leaves: number[];
}

export interface MatcherQuery<T> {
  readonly tag: T;
  readonly root: QueryNode;
  /**
   * Language whose stemming rules apply to the query's words and the post's (`factura` then
   * meets "facturas"); "*" uses the post's language; none compares folded words exactly.
   */
  readonly stem?: string;
}

/** Marks "the post's language" in `MatcherQuery.stem`. */
export const POST_LANGUAGE = '*';

function prefixKey(text: string): number {
  return text.charCodeAt(0) * 0x100000000 + text.charCodeAt(1) * 0x10000 + text.charCodeAt(2);
}

function matchable(token: Token | undefined): token is Token {
  return token !== undefined && token.kind !== 'punct' && token.kind !== 'url';
}

export class QueryMatcher<T> {
  private readonly leaves: Leaf[] = [];
  private readonly roots: Node[] = [];
  private readonly tags: T[] = [];
  /** Per form: exact word (or stem) → leaves whose first word it is. */
  private readonly exact: Map<string, number[]>[] = [new Map()];
  private readonly prefixes = new Map<number, PrefixEntry[]>();
  private readonly leafQueries: number[][] = [];
  /** Per query: the leaves it owns, to find where it first matched. */
  private readonly queryLeaves: number[][] = [];
  /** Queries the last `match` returned, in its order, for `anchor`. */
  private readonly matched: number[] = [];
  /** Token index of each leaf's first hit in the current post (valid when `leafSeen` is this epoch). */
  private leafAt: Int32Array = new Int32Array(0);
  /** Form index → its stemmer, and language → form index. Form 0 has none. */
  private readonly stemmers: (Stemmer | undefined)[] = [undefined];
  private readonly formOf = new Map<string, Form>();
  // Epoch stamps instead of clearing arrays per post: a mark is set when it equals `epoch`.
  private leafSeen: Uint32Array = new Uint32Array(0);
  private querySeen: Uint32Array = new Uint32Array(0);
  private epoch = 0;
  /** Occurrences of NEAR leaves in the current post: word positions, start and end pairs. */
  private readonly spans: number[][] = [];
  private readonly words = new Map<string, WordInfo>();
  // Per-post scratch, reused: each token's word info and its word position.
  private readonly infos: WordInfo[] = [];
  private positions: Int32Array = new Int32Array(64);
  private postForm: Form = FOLDED;

  constructor(queries: readonly MatcherQuery<T>[]) {
    const leafIds = new Map<string, number>();
    queries.forEach((query, index) => {
      this.tags.push(query.tag);
      this.queryLeaves.push([]);
      this.roots.push(this.compile(query.root, index, leafIds, query.stem));
    });
    this.leafSeen = new Uint32Array(this.leaves.length);
    this.leafAt = new Int32Array(this.leaves.length);
    this.querySeen = new Uint32Array(queries.length);
  }

  get size(): number {
    return this.tags.length;
  }

  /** The form index for a language's stems, registering it; FOLDED when there are no rules. */
  private form(lang: string): Form {
    let form = this.formOf.get(lang);
    if (form === undefined) {
      const stemmer = stemmerFor(lang);
      if (stemmer === undefined) form = FOLDED;
      else {
        form = this.stemmers.length;
        this.stemmers.push(stemmer);
        this.exact.push(new Map());
      }
      this.formOf.set(lang, form);
    }
    return form;
  }

  private compile(node: QueryNode, query: number, leafIds: Map<string, number>, stem: string | undefined, near = false): Node {
    switch (node.op) {
      case 'term': {
        if (stem !== POST_LANGUAGE) {
          const form = stem === undefined ? FOLDED : this.form(stem);
          return { op: 'leaf', leaf: this.leaf(node.words, form, undefined, query, leafIds, near) };
        }
        // One leaf per form the post may be read in; only the post's own can count.
        const forms = [FOLDED, ...this.allStemForms()];
        const items = forms.map((form): Node => ({ op: 'leaf', leaf: this.leaf(node.words, form, form, query, leafIds, near) }));
        return items.length === 1 ? items[0] : { op: 'or', items };
      }
      case 'and':
      case 'or':
        return { op: node.op, items: node.items.map((item) => this.compile(item, query, leafIds, stem, near)) };
      case 'not':
        return { op: 'not', item: this.compile(node.item, query, leafIds, stem, near) };
      case 'near': {
        const [left, right] = node.items.map((item) => {
          const leaves: number[] = [];
          collectLeaves(this.compile(item, query, leafIds, stem, true), leaves);
          return leaves;
        });
        return { op: 'near', distance: node.distance, left, right };
      }
    }
  }

  private allStemForms(): Form[] {
    for (const lang of ['es', 'en']) this.form(lang);
    const out: Form[] = [];
    for (let f = 1; f < this.stemmers.length; f++) out.push(f);
    return out;
  }

  private leaf(
    words: readonly WordPattern[],
    form: Form,
    onlyForm: Form | undefined,
    query: number,
    leafIds: Map<string, number>,
    near: boolean,
  ): number {
    const stemmer = this.stemmers[form];
    const stemmed = stemmer === undefined ? words : words.map((w) => (w.prefix ? w : { text: stemmer(w.text), prefix: false }));
    const key = `${form}|${onlyForm ?? ''}|${stemmed.map((w) => (w.prefix ? `${w.text}*` : w.text)).join(' ')}`;
    let leaf = leafIds.get(key);
    if (leaf === undefined) {
      leaf = this.leaves.length;
      leafIds.set(key, leaf);
      this.leaves.push({ words: stemmed, form, ...(onlyForm === undefined ? {} : { onlyForm }), near });
      this.leafQueries.push([]);
      this.spans.push([]);
      this.index(stemmed[0], form, leaf);
    } else if (near) {
      this.leaves[leaf].near = true;
    }
    const owners = this.leafQueries[leaf];
    if (owners[owners.length - 1] !== query) {
      owners.push(query);
      this.queryLeaves[query].push(leaf);
    }
    return leaf;
  }

  private index(first: WordPattern, form: Form, leaf: number): void {
    if (!first.prefix) {
      const map = this.exact[form];
      const list = map.get(first.text) ?? [];
      list.push(leaf);
      map.set(first.text, list);
      return;
    }
    if (first.text.length < MIN_PREFIX) throw new Error(`prefix "${first.text}*" is shorter than ${MIN_PREFIX}`);
    const key = prefixKey(first.text);
    const bucket = this.prefixes.get(key) ?? [];
    let entry = bucket.find((e) => e.prefix === first.text);
    if (!entry) {
      entry = { prefix: first.text, leaves: [] };
      bucket.push(entry);
      this.prefixes.set(key, bucket);
    }
    entry.leaves.push(leaf);
  }

  /**
   * What one folded word is worth: its forms (folded, then its stem per stemmed language)
   * and every leaf whose first word it can be, exact, stemmed or by wildcard. Computed once
   * per distinct word and kept, so a token costs one map probe however many forms exist.
   */
  private wordInfo(word: string): WordInfo {
    let info = this.words.get(word);
    if (info !== undefined) return info;
    const forms: string[] = [word];
    for (let f = 1; f < this.stemmers.length; f++) forms.push((this.stemmers[f] as Stemmer)(word));
    const leaves: number[] = [];
    for (let f = 0; f < forms.length; f++) {
      const hits = this.exact[f].get(forms[f]);
      if (hits !== undefined) leaves.push(...hits);
    }
    if (word.length >= MIN_PREFIX) {
      const bucket = this.prefixes.get(prefixKey(word));
      if (bucket !== undefined) for (const entry of bucket) if (word.startsWith(entry.prefix)) leaves.push(...entry.leaves);
    }
    // Vocabularies follow Zipf's law, so a bounded cache keeps nearly every hit; clearing
    // it when full is cheaper than tracking recency.
    if (this.words.size >= MAX_CACHED_WORDS) this.words.clear();
    info = { forms, leaves };
    this.words.set(word, info);
    return info;
  }

  /**
   * Tags of the queries the tokens satisfy, in the order the queries were given. `lang` is
   * the post's language, for queries stemmed with the post's language ("*"); see `anchor`
   * for where each matched.
   */
  match(tokens: readonly Token[], lang?: string): T[] {
    this.epoch = this.epoch === 0xffffffff ? 1 : this.epoch + 1;
    if (this.epoch === 1) {
      this.leafSeen.fill(0);
      this.querySeen.fill(0);
    }
    this.postForm = lang === undefined ? FOLDED : (this.formOf.get(lang) ?? FOLDED);
    const n = tokens.length;
    if (this.positions.length < n) this.positions = new Int32Array(n * 2);
    const positions = this.positions;
    const infos = this.infos;
    // Word forms first, so phrases can compare the words after their first one.
    let position = 0;
    for (let i = 0; i < n; i++) {
      const token = tokens[i];
      if (!matchable(token)) continue;
      positions[i] = position++;
      infos[i] = this.wordInfo(token.norm);
    }
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!matchable(tokens[i])) continue;
      const leaves = infos[i].leaves;
      for (let k = 0; k < leaves.length; k++) this.hit(leaves[k], tokens, i, candidates);
    }
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    const out: T[] = [];
    const matched = this.matched;
    matched.length = 0;
    for (const query of candidates) {
      if (!this.evaluate(this.roots[query])) continue;
      out.push(this.tags[query]);
      matched.push(query);
    }
    return out;
  }

  /**
   * For the `i`-th tag the last `match` returned: the token index where its query first
   * matched, so callers can tell which clause of the post it comes from. Computed on demand:
   * most posts never ask.
   */
  anchor(i: number): number {
    return this.firstHit(this.matched[i]);
  }

  /** Token index where a matched query's earliest leaf occurrence starts (a NOT's leaf can count; rare and harmless). */
  private firstHit(query: number): number {
    let first = -1;
    for (const leaf of this.queryLeaves[query]) {
      if (this.leafSeen[leaf] !== this.epoch) continue;
      const at = this.leafAt[leaf];
      if (first < 0 || at < first) first = at;
    }
    return first;
  }

  /** Does a phrase word match the token at `at`? Wildcards see the folded word, other words the leaf's form. */
  private wordAt(pattern: WordPattern, form: Form, tokens: readonly Token[], at: number): boolean {
    const token = tokens[at];
    if (!matchable(token)) return false;
    if (pattern.prefix) return token.norm.startsWith(pattern.text);
    return this.infos[at].forms[form] === pattern.text;
  }

  private hit(leaf: number, tokens: readonly Token[], at: number, candidates: number[]): void {
    const seen = this.leafSeen;
    const info = this.leaves[leaf];
    if (info.onlyForm !== undefined && info.onlyForm !== this.postForm) return;
    const first = seen[leaf] !== this.epoch;
    if (!first && !info.near) return;
    const words = info.words;
    for (let k = 1; k < words.length; k++) {
      if (!this.wordAt(words[k], info.form, tokens, at + k)) return;
    }
    if (info.near) {
      const spans = this.spans[leaf];
      if (first) spans.length = 0;
      // A phrase's words are consecutive matchable tokens, so its end is start + length - 1.
      const start = this.positions[at];
      spans.push(start, start + words.length - 1);
    }
    if (!first) return;
    seen[leaf] = this.epoch;
    this.leafAt[leaf] = at;
    for (const query of this.leafQueries[leaf]) {
      if (this.querySeen[query] !== this.epoch) {
        this.querySeen[query] = this.epoch;
        candidates.push(query);
      }
    }
  }

  /** Two occurrences, one of each side, that do not overlap and are at most `distance` words apart. */
  private near(node: { readonly distance: number; readonly left: readonly number[]; readonly right: readonly number[] }): boolean {
    const seen = this.leafSeen;
    for (const a of node.left) {
      if (seen[a] !== this.epoch) continue;
      const as = this.spans[a];
      for (const b of node.right) {
        if (seen[b] !== this.epoch) continue;
        const bs = this.spans[b];
        for (let i = 0; i < as.length; i += 2) {
          for (let j = 0; j < bs.length; j += 2) {
            const gap = as[i + 1] < bs[j] ? bs[j] - as[i + 1] : bs[j + 1] < as[i] ? as[i] - bs[j + 1] : 0;
            if (gap > 0 && gap <= node.distance) return true;
          }
        }
      }
    }
    return false;
  }

  private evaluate(node: Node): boolean {
    switch (node.op) {
      case 'leaf':
        return this.leafSeen[node.leaf] === this.epoch;
      case 'and':
        for (const item of node.items) if (!this.evaluate(item)) return false;
        return true;
      case 'or':
        for (const item of node.items) if (this.evaluate(item)) return true;
        return false;
      case 'not':
        return !this.evaluate(node.item);
      case 'near':
        return this.near(node);
    }
  }
}

/** The leaves under a NEAR side (the parser allows only terms and ORs of terms there). */
function collectLeaves(node: Node, out: number[]): void {
  if (node.op === 'leaf') out.push(node.leaf);
  else if (node.op === 'or') for (const item of node.items) collectLeaves(item, out);
  else throw new Error(`NEAR side must be terms or an OR of terms, got ${node.op}`);
}
