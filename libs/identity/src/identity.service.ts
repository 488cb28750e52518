import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, GroupCommit, NotFoundError, authorKey, channelOf, isUnavailable, type Clock, type Customer, type IdentityLink, type LinkStatus, type PostInput } from '@escucha/core';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import {
  CUSTOMER_STORE,
  IDENTITY_LINK_STORE,
  MAX_AUTHOR_PAGE,
  MAX_CUSTOMER_PAGE,
  POST_STORE,
  SETTINGS_STORE,
  type AuthorSample,
  type CustomerStore,
  type IdentityLinkStore,
  type LinkPage,
  type PostStore,
  type SettingsStore,
} from '@escucha/store';
import { contactsInText, normaliseEmail, normalisePhone, type PhoneRegion } from './contacts';
import { validateCustomerInput } from './customer-input.schema';
import { CustomerIndex } from './customer.index';
import { applyDecisions } from './link.rules';
import { matchAuthor, type AuthorProfile, type MatchOptions } from './matcher';

/** One ingest job's posts, and once linked, author key → customer for every author of its group. */
interface LinkRequest {
  posts: readonly PostInput[];
  linked: ReadonlyMap<string, string>;
}

export interface CustomerImportResult {
  accepted: number;
  rejected: Array<{ index: number; error: string }>;
}

/** Bumped on every import, so each process knows its in-memory index is stale. */
const CUSTOMERS_VERSION_KEY = 'identity.customers';
/** Customers per store call when erasing many: one bulk request, one SQL list. */
const ERASE_CHUNK = 1_000;
/** How often a process asks whether another one imported customers. */
const FRESHNESS_CHECK_MS = 5_000;
/** Texts kept per author for the "what they write about" comparison. */
export const TEXTS_PER_AUTHOR = 20;
/**
 * Authors per page (and job) of a relink: the store's largest. Each page costs the store a read
 * of every post's author columns, so larger pages make a pass over a large store shorter (probe,
 * DuckDB, 10M posts by 2.2M authors: 1.1 s for 2,000, 1.4 s for 5,000); a page of social authors
 * with their texts is a few MB.
 */
export const RELINK_PAGE = MAX_AUTHOR_PAGE;

/**
 * Customers and their links to authors. Matching runs on an in-memory index of every
 * customer (contacts, name blocks, city, products), loaded from the store once and kept
 * fresh: a post whose author can match nobody costs a few lookups and no store call.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');
  private readonly index = new CustomerIndex();
  private loadedVersion: number | undefined;
  private checkedAt = 0;
  private loading: Promise<void> | undefined;
  private readonly linking: GroupCommit<LinkRequest>;
  readonly options: MatchOptions;

  constructor(
    @Inject(CUSTOMER_STORE) private readonly customers: CustomerStore,
    @Inject(IDENTITY_LINK_STORE) private readonly links: IdentityLinkStore,
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.options = { linkAt: config.identity.linkAt, suggestAt: config.identity.suggestAt, region: config.identity.phoneRegion as PhoneRegion };
    // Spaced and sized as the post writes they precede: each group reads and writes links once.
    this.linking = new GroupCommit((requests) => this.linkTogether(requests), {
      maxWeight: config.ingest.writePosts,
      weigh: (request) => request.posts.length,
      minIntervalMs: config.ingest.writeIntervalMs,
      isolate: (error) => !isUnavailable(error),
    });
  }

  /** Validates each record alone, stores the good ones (durable when this resolves) and queues linking of authors already seen. */
  async importCustomers(records: readonly unknown[], relink = true): Promise<CustomerImportResult> {
    const now = this.clock.now();
    const good: Customer[] = [];
    const rejected: CustomerImportResult['rejected'] = [];
    records.forEach((record, index) => {
      const outcome = validateCustomerInput(record, this.options.region, now);
      if (outcome.ok) good.push(outcome.customer);
      else rejected.push({ index, error: outcome.error });
    });
    if (good.length === 0) {
      const sample = rejected.slice(0, 5).map((r) => `[${r.index}] ${r.error}`).join('; ');
      throw new AppError('NO_VALID_CUSTOMERS', `no customer in the batch is valid: ${sample}${rejected.length > 5 ? ` (and ${rejected.length - 5} more)` : ''}`, 400);
    }
    await this.customers.upsert(good);
    await this.ensureIndex();
    this.index.put(good);
    await this.customersChanged();
    if (relink) await this.requestRelink();
    return { accepted: good.length, rejected };
  }

  /** Why a record is refused ('' when it is fine). */
  validate(record: unknown): string {
    const outcome = validateCustomerInput(record, this.options.region, this.clock.now());
    return outcome.ok ? '' : outcome.error;
  }

  /** Each import asks for its own pass: a queue dedupes a job id it has completed, so a shared id would skip later imports. */
  async requestRelink(): Promise<void> {
    const now = this.clock.now();
    await this.queue.add('batch', { name: 'identity.relink', data: { requestedAt: now.toISOString() }, opts: { jobId: `identity-relink-${randomUUID()}` } });
  }

  async getCustomer(id: string): Promise<Customer> {
    const [customer] = await this.customers.get([id]);
    if (!customer) throw new NotFoundError(`no customer "${id}"`);
    return customer;
  }

  /**
   * Erasure's identity half: the CRM record, every link (linked, suggested or rejected) and
   * the customer's place in every process's matching index (the version bump makes the others
   * reload within seconds). Returns the links removed; false for `existed` when there was no record.
   */
  async eraseCustomer(id: string): Promise<{ existed: boolean; links: number }> {
    const { customers, links } = await this.eraseCustomers([id]);
    return { existed: customers > 0, links };
  }

  /** `eraseCustomer` for many (a whole generated CRM), a chunk per store call; returns how many customers and links went. */
  async eraseCustomers(ids: readonly string[]): Promise<{ customers: number; links: number }> {
    const erased = { customers: 0, links: 0 };
    await this.ensureIndex();
    for (let start = 0; start < ids.length; start += ERASE_CHUNK) {
      const chunk = ids.slice(start, start + ERASE_CHUNK);
      erased.links += await this.links.deleteForCustomers(chunk);
      erased.customers += await this.customers.delete(chunk);
      for (const id of chunk) this.index.remove(id);
    }
    await this.customersChanged();
    return erased;
  }

  /** Versions are 32-bit: the next one after what is stored; a race lost to another process's change just leaves its (newer) version. */
  private async customersChanged(): Promise<void> {
    const now = this.clock.now();
    const version = ((await this.settings.get(CUSTOMERS_VERSION_KEY))?.version ?? 0) + 1;
    if (await this.settings.put(CUSTOMERS_VERSION_KEY, version, { at: now.toISOString() }, now)) this.loadedVersion = version;
  }

  /** In the order asked; unknown ids are skipped. */
  customersById(ids: readonly string[]): Promise<Customer[]> {
    return this.customers.get(ids);
  }

  linksOfAuthors(authors: readonly string[]): Promise<IdentityLink[]> {
    return authors.length ? this.links.forAuthors(authors) : Promise.resolve([]);
  }

  /**
   * An agent's lookup by what the caller gives: an email, a phone in any local form, or the CRM
   * id. From the in-memory index, so a lookup costs no scan of the store.
   */
  async findCustomers(text: string): Promise<Customer[]> {
    const query = text.trim();
    if (query === '') return [];
    await this.ensureIndex();
    const ids = new Set<string>([query]);
    const email = query.includes('@') ? normaliseEmail(query) : undefined;
    if (email) for (const id of this.index.byEmail(email)) ids.add(id);
    const phone = /\d{6,}/.test(query.replace(/\D/g, '')) ? normalisePhone(query, this.options.region) : undefined;
    if (phone) for (const id of this.index.byPhone(phone)) ids.add(id);
    return this.customers.get([...ids]);
  }

  /** Customers who declared this handle on this platform in the CRM. */
  async customersWithHandle(platform: string, handle: string): Promise<string[]> {
    await this.ensureIndex();
    return this.index.byHandle(platform, handle.replace(/^@+/, '').toLowerCase());
  }

  /** Every link of one customer, by author. */
  linksOf(customerId: string): Promise<IdentityLink[]> {
    return this.links.forCustomer(customerId);
  }

  /**
   * Links the authors of arriving posts; returns author key → the customer each is linked to
   * (for these posts' authors, and maybe others'). Authors nobody can match are dropped before
   * any store call. Calls that arrive together (the ingest jobs a worker runs at once) share one
   * read and one write of links: each is a store statement of several milliseconds of CPU
   * however few links it holds, and a worker under load runs a job every few milliseconds.
   */
  async linkPosts(posts: readonly PostInput[]): Promise<ReadonlyMap<string, string>> {
    await this.ensureIndex();
    if (this.index.size === 0) return new Map();
    const request: LinkRequest = { posts, linked: new Map() };
    await this.linking.submit(request);
    return request.linked;
  }

  private async linkTogether(requests: readonly LinkRequest[]): Promise<void> {
    const profiles = new Map<string, AuthorProfile>();
    for (const request of requests) for (const post of request.posts) collectAuthor(profiles, post);
    const linked = await this.linkAuthors([...profiles.values()]);
    for (const request of requests) request.linked = linked;
  }

  /** Decides for each author, reading the links of those with any candidate at once and writing new ones at once. */
  async linkAuthors(authors: readonly AuthorProfile[]): Promise<Map<string, string>> {
    const decided = authors.map((author) => ({ author, decisions: this.mayMatch(author) ? matchAuthor(author, this.index, this.options) : [] })).filter((d) => d.decisions.length > 0);
    const linked = new Map<string, string>();
    if (decided.length === 0) return linked;
    const existing = await this.links.forAuthors(decided.map((d) => d.author.key));
    const byAuthor = new Map<string, IdentityLink[]>();
    for (const link of existing) byAuthor.set(link.author, [...(byAuthor.get(link.author) ?? []), link]);
    const at = this.clock.now();
    const save: IdentityLink[] = [];
    for (const { author, decisions } of decided) {
      const result = applyDecisions(author.key, decisions, byAuthor.get(author.key) ?? [], at);
      save.push(...result.save);
      if (result.linkedTo) linked.set(author.key, result.linkedTo);
    }
    await this.links.save(save);
    return linked;
  }

  /**
   * One page of the authors already seen (from `cursor`, the first page without one), matched
   * against the customers known now; `nextCursor` is where the pass goes on, absent after the
   * last page. A page at a time, so what a pass holds is one page however large the store, and
   * a pass split into jobs resumes where it stopped.
   */
  async relinkPage(cursor?: string): Promise<{ authors: number; linked: number; nextCursor?: string }> {
    await this.ensureIndex(true);
    const page = await this.posts.authors({ limit: RELINK_PAGE, cursor, texts: TEXTS_PER_AUTHOR });
    const linked = (await this.linkAuthors(page.items.map(profileOf))).size;
    return { authors: page.items.length, linked, nextCursor: page.nextCursor };
  }

  listLinks(status: LinkStatus | undefined, limit: number, cursor?: string): Promise<LinkPage> {
    return this.links.list({ status }, { limit, cursor });
  }

  /** A person confirms a suggestion: it becomes the author's link; any other link of the author is set back to a suggestion. */
  async confirm(author: string, customerId: string, by: string): Promise<IdentityLink> {
    const link = await this.links.get(author, customerId);
    if (!link) throw new NotFoundError(`no link between ${author} and customer "${customerId}"`);
    return this.makeLink({ ...link, status: 'linked', by, at: this.clock.now() });
  }

  async reject(author: string, customerId: string, by: string): Promise<IdentityLink> {
    const link = await this.links.get(author, customerId);
    if (!link) throw new NotFoundError(`no link between ${author} and customer "${customerId}"`);
    const rejected: IdentityLink = { ...link, status: 'rejected', by, at: this.clock.now() };
    await this.links.save([rejected]);
    return rejected;
  }

  async linkManually(author: string, customerId: string, by: string): Promise<IdentityLink> {
    await this.getCustomer(customerId);
    return this.makeLink({ author, customerId, method: 'manual', confidence: 1, status: 'linked', by, at: this.clock.now() });
  }

  /** Forgets the link, whatever its status: the machine may propose it again (reject to prevent that). */
  async undo(author: string, customerId: string): Promise<void> {
    if (!(await this.links.delete(author, customerId))) throw new NotFoundError(`no link between ${author} and customer "${customerId}"`);
  }

  private async makeLink(link: IdentityLink): Promise<IdentityLink> {
    const others = (await this.links.forAuthors([link.author])).filter((l) => l.customerId !== link.customerId && l.status === 'linked');
    // Two customers are never one: the author's previous link steps back to a suggestion.
    await this.links.save([...others.map((l) => ({ ...l, status: 'suggested' as const, by: link.by, at: link.at })), link]);
    return link;
  }

  /** Cheap test before matching: a declared handle, a contact in the bio, or a name that shares a block. */
  private mayMatch(author: AuthorProfile): boolean {
    if (this.index.byHandle(author.platform, author.handle.replace(/^@+/, '')).length > 0) return true;
    if (this.index.hasNameCandidates(author.name)) return true;
    if (author.bio && /[@\d]/.test(author.bio)) {
      const contacts = contactsInText(author.bio, this.options.region);
      return contacts.emails.length > 0 || contacts.phones.length > 0;
    }
    return false;
  }

  /** Loads the index at first use, and again when another process imported customers (checked every few seconds, or now when `force`). */
  private async ensureIndex(force = false): Promise<void> {
    const now = Date.now();
    if (!force && this.loadedVersion !== undefined && now - this.checkedAt < FRESHNESS_CHECK_MS) return;
    this.loading ??= this.refresh().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async refresh(): Promise<void> {
    this.checkedAt = Date.now();
    const version = (await this.settings.get(CUSTOMERS_VERSION_KEY))?.version ?? 0;
    if (version === this.loadedVersion) return;
    this.index.clear();
    let cursor: string | undefined;
    do {
      const page = await this.customers.list({ limit: MAX_CUSTOMER_PAGE, cursor });
      this.index.put(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    this.loadedVersion = version;
    this.logger.log(`customer index loaded: ${this.index.size} customers`);
  }
}

/**
 * A record of the company's own channels that carries the customer's id already says who wrote
 * it: matching its author (an account number, an agent's notes) would only fill the review
 * queue with guesses about a question the record answers.
 */
function namesItsCustomer(post: Pick<PostInput, 'source' | 'customerId'>): boolean {
  return post.customerId !== undefined && channelOf(post.source) === 'internal';
}

/** An author as the store lists them, as the matcher reads one. */
function profileOf(sample: AuthorSample): AuthorProfile {
  const { handle, name, location, bio } = sample.author;
  return { key: authorKey(sample.source, sample.author.id), platform: sample.source, handle, name, location, bio, texts: sample.texts };
}

/**
 * Adds a post's author to `profiles`: one profile per author (the first post seen gives the
 * profile; callers pass the newest first when they can), with up to TEXTS_PER_AUTHOR of their
 * texts for the product evidence. A record that names its customer is left out.
 */
export function collectAuthor(profiles: Map<string, AuthorProfile>, post: Pick<PostInput, 'source' | 'customerId' | 'text' | 'author'>): void {
  if (namesItsCustomer(post)) return;
  const key = authorKey(post.source, post.author.id);
  const profile = profiles.get(key);
  if (!profile) {
    const { handle, name, location, bio } = post.author;
    profiles.set(key, { key, platform: post.source, handle, name, location, bio, texts: [post.text] });
  } else if (profile.texts.length < TEXTS_PER_AUTHOR) (profile.texts as string[]).push(post.text);
}
