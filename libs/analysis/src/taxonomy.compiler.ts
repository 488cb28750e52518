import type { Token } from './text.tokenizer';
import { MIN_PREFIX, type QueryNode, type WordPattern } from './taxonomy.query';

/**
 * Compiles many queries into one index so a post is matched against all of them in a
 * single pass over its tokens: each token is looked up once (one map probe for exact words,
 * one for wildcard prefixes), the leaves it satisfies are marked, and only the queries
 * that own a marked leaf are evaluated. Cost grows with the post, not with the taxonomy.
 */

type Node =
  | { readonly op: 'leaf'; readonly leaf: number }
  | { readonly op: 'and' | 'or'; readonly items: readonly Node[] }
  | { readonly op: 'not'; readonly item: Node };

interface Leaf {
  readonly words: readonly WordPattern[];
}

interface PrefixEntry {
  readonly prefix: string;
  readonly leaves: number[];
}

export interface MatcherQuery<T> {
  readonly tag: T;
  readonly root: QueryNode;
}

function prefixKey(text: string): number {
  return text.charCodeAt(0) * 0x100000000 + text.charCodeAt(1) * 0x10000 + text.charCodeAt(2);
}

function leafKey(words: readonly WordPattern[]): string {
  return words.map((w) => (w.prefix ? `${w.text}*` : w.text)).join(' ');
}

function wordMatches(pattern: WordPattern, word: string): boolean {
  return pattern.prefix ? word.startsWith(pattern.text) : word === pattern.text;
}

function matchable(token: Token | undefined): token is Token {
  return token !== undefined && token.kind !== 'punct' && token.kind !== 'url';
}

export class QueryMatcher<T> {
  private readonly leaves: Leaf[] = [];
  private readonly roots: Node[] = [];
  private readonly tags: T[] = [];
  private readonly exact = new Map<string, number[]>();
  private readonly prefixes = new Map<number, PrefixEntry[]>();
  private readonly leafQueries: number[][] = [];
  // Epoch stamps instead of clearing arrays per post: a mark is set when it equals `epoch`.
  private readonly leafSeen: Uint32Array;
  private readonly querySeen: Uint32Array;
  private epoch = 0;

  constructor(queries: readonly MatcherQuery<T>[]) {
    const leafIds = new Map<string, number>();
    queries.forEach((query, index) => {
      this.tags.push(query.tag);
      this.roots.push(this.compile(query.root, index, leafIds));
    });
    this.leafSeen = new Uint32Array(this.leaves.length);
    this.querySeen = new Uint32Array(queries.length);
  }

  get size(): number {
    return this.tags.length;
  }

  private compile(node: QueryNode, query: number, leafIds: Map<string, number>): Node {
    switch (node.op) {
      case 'term': {
        const key = leafKey(node.words);
        let leaf = leafIds.get(key);
        if (leaf === undefined) {
          leaf = this.leaves.length;
          leafIds.set(key, leaf);
          this.leaves.push({ words: node.words });
          this.leafQueries.push([]);
          this.index(node.words[0], leaf);
        }
        const owners = this.leafQueries[leaf];
        if (owners[owners.length - 1] !== query) owners.push(query);
        return { op: 'leaf', leaf };
      }
      case 'and':
      case 'or':
        return { op: node.op, items: node.items.map((item) => this.compile(item, query, leafIds)) };
      case 'not':
        return { op: 'not', item: this.compile(node.item, query, leafIds) };
    }
  }

  private index(first: WordPattern, leaf: number): void {
    if (!first.prefix) {
      const list = this.exact.get(first.text) ?? [];
      list.push(leaf);
      this.exact.set(first.text, list);
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

  /** Tags of the queries the tokens satisfy, in the order the queries were given. */
  match(tokens: readonly Token[]): T[] {
    this.epoch = this.epoch === 0xffffffff ? 1 : this.epoch + 1;
    if (this.epoch === 1) {
      this.leafSeen.fill(0);
      this.querySeen.fill(0);
    }
    const candidates: number[] = [];
    const checkPrefixes = this.prefixes.size > 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!matchable(token)) continue;
      const word = token.norm;
      const exact = this.exact.get(word);
      if (exact !== undefined) for (const leaf of exact) this.hit(leaf, tokens, i, candidates);
      if (checkPrefixes && word.length >= MIN_PREFIX) {
        const bucket = this.prefixes.get(prefixKey(word));
        if (bucket !== undefined) {
          for (const entry of bucket) {
            if (word.startsWith(entry.prefix)) for (const leaf of entry.leaves) this.hit(leaf, tokens, i, candidates);
          }
        }
      }
    }
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    const out: T[] = [];
    for (const query of candidates) if (this.evaluate(this.roots[query])) out.push(this.tags[query]);
    return out;
  }

  private hit(leaf: number, tokens: readonly Token[], at: number, candidates: number[]): void {
    const seen = this.leafSeen;
    if (seen[leaf] === this.epoch) return;
    const words = this.leaves[leaf].words;
    for (let k = 1; k < words.length; k++) {
      const next = tokens[at + k];
      if (!matchable(next) || !wordMatches(words[k], next.norm)) return;
    }
    seen[leaf] = this.epoch;
    for (const query of this.leafQueries[leaf]) {
      if (this.querySeen[query] !== this.epoch) {
        this.querySeen[query] = this.epoch;
        candidates.push(query);
      }
    }
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
    }
  }
}
