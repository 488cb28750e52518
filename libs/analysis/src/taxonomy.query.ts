import { isWordCode } from './text.normalizer';
import { tokenize, type Token } from './text.tokenizer';

/**
 * The topic query language:
 *
 *   factur* OR "me cobraron" OR (cobro AND NOT cobertura)
 *
 * AND, OR, NOT in capitals are operators (lower-case "and", "not" are words); words side by
 * side mean AND; quotes make a phrase; `*` ends a word to match any ending; parentheses group.
 * `a NEAR/3 b` holds when a term of each side occurs within 3 words of the other, in either
 * order (`NEAR` alone is NEAR/5); each side is a word, a wildcard, a "phrase" or an OR of them.
 * Terms are folded like post text (case, accents, apostrophes), so "Señal" matches "senal".
 * NEAR binds tightest, then NOT, then AND, then OR.
 */

export interface WordPattern {
  /** Folded word, or the folded prefix when `prefix`. */
  readonly text: string;
  readonly prefix: boolean;
}

export type QueryNode =
  | { readonly op: 'term'; readonly words: readonly WordPattern[] }
  | { readonly op: 'and' | 'or'; readonly items: readonly QueryNode[] }
  | { readonly op: 'not'; readonly item: QueryNode }
  /** Both sides are terms or ORs of terms; `distance` counts words, 1 meaning side by side. */
  | { readonly op: 'near'; readonly distance: number; readonly items: readonly [QueryNode, QueryNode] };

/** A query that does not parse. `position` is 1-based, counted in characters of the query. */
export class QuerySyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'QuerySyntaxError';
  }
}

/** Shorter prefixes ("ca*") would match half the dictionary and slow every post down. */
export const MIN_PREFIX = 3;

/** NEAR without "/n". */
export const DEFAULT_NEAR = 5;
/** Farther than this is "in the same post" for a tweet; AND says that. */
export const MAX_NEAR = 20;

type LexKind = 'word' | 'phrase' | 'and' | 'or' | 'not' | 'near' | 'lparen' | 'rparen';

interface Lexeme {
  readonly kind: LexKind;
  readonly text: string;
  /** 0-based offset in the query. */
  readonly at: number;
  /** NEAR's distance in words. */
  readonly distance?: number;
}

/** Reads `NEAR` or `NEAR/n`; lower-case "near" stays a word, like "and" and "not". */
function nearLexeme(text: string, at: number): Lexeme | undefined {
  if (text === 'NEAR') return { kind: 'near', text, at, distance: DEFAULT_NEAR };
  if (!text.startsWith('NEAR/')) return undefined;
  const digits = text.slice(5);
  if (!/^[0-9]+$/.test(digits)) {
    throw new QuerySyntaxError(`"${text}" needs a number of words from 1 to ${MAX_NEAR} after "NEAR/"`, at + 6);
  }
  const distance = Number(digits);
  if (distance < 1 || distance > MAX_NEAR) {
    throw new QuerySyntaxError(`NEAR distance must be from 1 to ${MAX_NEAR} words (got ${digits})`, at + 6);
  }
  return { kind: 'near', text, at, distance };
}

const OPERATORS: Readonly<Record<string, LexKind>> = { AND: 'and', OR: 'or', NOT: 'not' };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ kind: ch === '(' ? 'lparen' : 'rparen', text: ch, at: i });
      i++;
    } else if (ch === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) throw new QuerySyntaxError('unterminated phrase: this quote is never closed', i + 1);
      out.push({ kind: 'phrase', text: query.slice(i + 1, close), at: i });
      i = close + 1;
    } else {
      let j = i;
      while (j < query.length && !isSpace(query[j]) && query[j] !== '(' && query[j] !== ')' && query[j] !== '"') j++;
      const text = query.slice(i, j);
      out.push(nearLexeme(text, i) ?? { kind: OPERATORS[text] ?? 'word', text, at: i });
      i = j;
    }
  }
  return out;
}

function matchable(token: Token): boolean {
  return token.kind !== 'punct' && token.kind !== 'url' && !token.part;
}

/**
 * Folds one whitespace-free piece of a term into word patterns. "wi-fi" gives two words
 * (the tokenizer splits posts the same way), "factur*" a prefix.
 */
function piecePatterns(piece: string, at: number): WordPattern[] {
  const star = piece.indexOf('*');
  if (star >= 0 && star !== piece.length - 1) {
    throw new QuerySyntaxError('"*" is only allowed at the end of a word', at + star + 1);
  }
  const body = star >= 0 ? piece.slice(0, -1) : piece;
  const words = tokenize(body).tokens.filter(matchable).map((t) => t.norm);
  if (words.length === 0) {
    throw new QuerySyntaxError(`"${piece}" has no letters, digits or emoji to match`, at + 1);
  }
  const patterns = words.map((text) => ({ text, prefix: false }));
  if (star >= 0) {
    const last = words[words.length - 1];
    if (last.length < MIN_PREFIX || !isWordCode(body.charCodeAt(body.length - 1))) {
      throw new QuerySyntaxError(`wildcard "${piece}" needs at least ${MIN_PREFIX} letters right before "*"`, at + star + 1);
    }
    patterns[patterns.length - 1] = { text: last, prefix: true };
  }
  return patterns;
}

function termOf(lexeme: Lexeme): QueryNode {
  if (lexeme.kind === 'word') return { op: 'term', words: piecePatterns(lexeme.text, lexeme.at) };
  const words: WordPattern[] = [];
  const re = /\S+/g;
  for (let m = re.exec(lexeme.text); m !== null; m = re.exec(lexeme.text)) {
    words.push(...piecePatterns(m[0], lexeme.at + 1 + m.index));
  }
  if (words.length === 0) throw new QuerySyntaxError('empty phrase', lexeme.at + 1);
  return { op: 'term', words };
}

class Parser {
  private pos = 0;

  constructor(
    private readonly lexemes: readonly Lexeme[],
    private readonly length: number,
  ) {}

  parse(): QueryNode {
    if (this.lexemes.length === 0) throw new QuerySyntaxError('empty query', 1);
    const node = this.or();
    const next = this.peek();
    if (next) {
      throw new QuerySyntaxError(next.kind === 'rparen' ? 'unexpected ")" with no matching "("' : `unexpected "${next.text}"`, next.at + 1);
    }
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  private or(): QueryNode {
    const items = [this.and()];
    while (this.peek()?.kind === 'or') {
      const op = this.lexemes[this.pos++];
      items.push(this.and(op));
    }
    return items.length === 1 ? items[0] : { op: 'or', items };
  }

  private and(after?: Lexeme): QueryNode {
    const items = [this.unary(after)];
    for (;;) {
      const next = this.peek();
      if (!next || next.kind === 'or' || next.kind === 'rparen') break;
      if (next.kind === 'near') throw this.misplacedNear(next);
      if (next.kind === 'and') {
        this.pos++;
        items.push(this.unary(next));
      } else {
        // Juxtaposition: `sin señal` reads as `sin AND señal`, like a search box.
        items.push(this.unary());
      }
    }
    return items.length === 1 ? items[0] : { op: 'and', items };
  }

  private unary(after?: Lexeme): QueryNode {
    const next = this.peek();
    if (next?.kind === 'not') {
      this.pos++;
      return { op: 'not', item: this.unary(next) };
    }
    return this.near(after);
  }

  private near(after?: Lexeme): QueryNode {
    const start = this.peek();
    const left = this.primary(after);
    const op = this.peek();
    if (op?.kind !== 'near') return left;
    this.pos++;
    const rightStart = this.peek();
    if (rightStart?.kind === 'not') {
      throw new QuerySyntaxError(
        `each side of ${op.text} must be a word, a wildcard, a "phrase" or an OR of them; put NOT outside: NOT (a NEAR b) or a NEAR b AND NOT c`,
        rightStart.at + 1,
      );
    }
    const right = this.primary(op);
    nearOperand(left, start, op);
    nearOperand(right, rightStart, op);
    const next = this.peek();
    if (next?.kind === 'near') {
      throw new QuerySyntaxError(
        'NEAR cannot follow another NEAR: join two NEARs with AND, e.g. (a NEAR/3 b) AND (b NEAR/3 c)',
        next.at + 1,
      );
    }
    return { op: 'near', distance: op.distance ?? DEFAULT_NEAR, items: [left, right] };
  }

  private misplacedNear(near: Lexeme): QuerySyntaxError {
    return new QuerySyntaxError(`${near.text} needs a word, a "phrase" or "(" right before it`, near.at + 1);
  }

  private primary(after?: Lexeme): QueryNode {
    const next = this.peek();
    if (next?.kind === 'near') {
      throw after ? new QuerySyntaxError(`expected a word, a "phrase" or "(" after ${after.text}`, next.at + 1) : this.misplacedNear(next);
    }
    if (!next || next.kind === 'rparen' || next.kind === 'and' || next.kind === 'or') {
      const where = next ? next.at + 1 : this.length + 1;
      const what = after ? `after ${after.text}` : next?.kind === 'rparen' ? 'inside "()"' : 'here';
      throw new QuerySyntaxError(`expected a word, a "phrase" or "(" ${what}`, where);
    }
    this.pos++;
    if (next.kind === 'lparen') {
      const inner = this.or();
      const close = this.peek();
      if (close?.kind !== 'rparen') {
        throw new QuerySyntaxError('this "(" is never closed', next.at + 1);
      }
      this.pos++;
      return inner;
    }
    return termOf(next);
  }
}

/** A term, or an OR whose items are all terms (nested ORs included). */
export function isTermGroup(node: QueryNode): boolean {
  return node.op === 'term' || (node.op === 'or' && node.items.every(isTermGroup));
}

/**
 * NEAR compares positions of words, so each side must be something that occurs at a place:
 * a term or an OR of terms. "a AND b" or "NOT a" has no single position.
 */
function nearOperand(node: QueryNode, start: Lexeme | undefined, near: Lexeme): void {
  if (isTermGroup(node)) return;
  throw new QuerySyntaxError(
    `each side of ${near.text} must be a word, a wildcard, a "phrase" or an OR of them in "()", not an AND, NOT or NEAR group`,
    (start?.at ?? near.at) + 1,
  );
}

/** True when the query would match a post containing none of its terms (a lone NOT). */
export function matchesNothing(node: QueryNode): boolean {
  switch (node.op) {
    case 'term':
    case 'near':
      return false;
    case 'and':
      return node.items.every(matchesNothing);
    case 'or':
      return node.items.some(matchesNothing);
    case 'not':
      return !matchesNothing(node.item);
  }
}

export function parseQuery(query: string): QueryNode {
  const node = new Parser(lex(query), query.length).parse();
  if (matchesNothing(node)) {
    throw new QuerySyntaxError('the query matches posts without any of its words (a NOT needs a positive term beside it)', 1);
  }
  return node;
}

/** One term from plain text ("Aurora Móvil" → the phrase `aurora movil`); none if it has no words. */
export function termFromText(text: string): QueryNode | undefined {
  const words = tokenize(text).tokens.filter(matchable).map((t) => ({ text: t.norm, prefix: false }));
  return words.length === 0 ? undefined : { op: 'term', words };
}
