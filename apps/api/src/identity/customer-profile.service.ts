import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, NotFoundError, regionsOfPost, ValidationError, type Clock, type CountEntry, type Customer, type IdentityLink, type Post, type Source } from '@escucha/core';
import {
  IdentityService,
  byNewest,
  customerHandles,
  handlesIn,
  network,
  summarise,
  toProfilePost,
  type ChannelUse,
  type ChurnRisk,
  type NetworkEntry,
  type ProfilePost,
  type SentimentWeek,
} from '@escucha/identity';
import { rankOffers, type CustomerFacts, type OfferResponse, type Recommendation } from '@escucha/offers';
import { MAX_MENTION_HANDLES, MAX_PERSON_PAGE, OFFER_STORE, POST_STORE, decodeKeyCursor, encodeKeyCursor, type OfferStore, type PersonKey, type PostStore } from '@escucha/store';

/** A customer with more posts than this gets a profile of their newest ones (`truncated`). */
export const MAX_PROFILE_POSTS = MAX_PERSON_PAGE;
export const MAX_TIMELINE_PAGE = 200;
/** The newest posts mentioning any of the customer's handles that the network is drawn from. */
const MENTION_SCAN = 1_000;
/** Handles the customer mentions that are looked up as authors. */
const MENTIONS_RESOLVED = 20;
/** Answers to each offer the recommender weighs. */
const RESPONSES_PER_OFFER = 500;
const WRITE_BATCH = 500;

export interface CustomerView extends Omit<Customer, 'updatedAt'> {
  updatedAt: string;
}

export interface Identity {
  author: string;
  platform: string;
  handle?: string;
  name?: string;
  method: IdentityLink['method'];
  confidence: number;
  status: IdentityLink['status'];
  by: string;
  at: string;
  reasons?: string[];
}

export interface CustomerProfile {
  customer: CustomerView;
  identities: Identity[];
  channels: ChannelUse[];
  sentiment: { interval: 'week'; buckets: SentimentWeek[] };
  topics: CountEntry[];
  intents: CountEntry[];
  churn: ChurnRisk;
  network: { basis: string; items: Array<NetworkEntry & { customerId?: string }> };
  timeline: { total: number; items: ProfilePost[]; nextCursor?: string };
  /** More posts than MAX_PROFILE_POSTS: the figures are over the newest ones. */
  truncated: boolean;
}

export interface ErasureResult {
  customerId: string;
  /** Anonymous counts of what went: no personal data. */
  erased: { customer: boolean; links: number; offerResponses: number; posts: number };
}

const view = (customer: Customer): CustomerView => ({ ...customer, updatedAt: customer.updatedAt.toISOString() });

/**
 * A customer across channels (profile), what to offer them (next best action), and their
 * erasure. Reads go through the store ports, so both drivers serve the same profile.
 */
@Injectable()
export class CustomerProfileService {
  constructor(
    private readonly identity: IdentityService,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(OFFER_STORE) private readonly offers: OfferStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async profile(id: string, page: { limit: number; cursor?: string }): Promise<CustomerProfile> {
    const customer = await this.identity.getCustomer(id);
    const links = await this.identity.linksOf(id);
    const linked = links.filter((l) => l.status === 'linked');
    const { posts, truncated } = await this.postsOf(id, linked);
    const now = this.clock.now();
    const summary = summarise(posts, now);

    const newestByAuthor = new Map<string, Post>();
    for (const post of posts) if (!newestByAuthor.has(`${post.source}:${post.author.id}`)) newestByAuthor.set(`${post.source}:${post.author.id}`, post);
    const authorHandles = new Map([...newestByAuthor].map(([key, post]) => [key, post.author.handle]));
    const identities: Identity[] = links
      .filter((l) => l.status !== 'rejected')
      .map((link) => {
        const seen = newestByAuthor.get(link.author);
        const identity: Identity = {
          author: link.author,
          platform: link.author.slice(0, link.author.indexOf(':')),
          method: link.method,
          confidence: link.confidence,
          status: link.status,
          by: link.by,
          at: link.at.toISOString(),
        };
        if (seen) identity.handle = seen.author.handle;
        if (seen?.author.name) identity.name = seen.author.name;
        if (link.reasons?.length) identity.reasons = link.reasons;
        return identity;
      });

    return {
      customer: view(customer),
      identities,
      channels: summary.channels,
      sentiment: { interval: 'week', buckets: summary.sentiment },
      topics: summary.topics,
      intents: summary.intents,
      churn: summary.churn,
      network: {
        basis: 'mentions of @handles read from the text; posts carry no reply or mention fields, so replies are not known',
        items: await this.network(customer, linked, posts, authorHandles),
      },
      timeline: timelinePage(posts, page),
      truncated,
    };
  }

  /** What the recommender knows: the CRM's fields, and churn risk, topics and intents from the last 90 days of posts. */
  async facts(id: string): Promise<CustomerFacts> {
    const customer = await this.identity.getCustomer(id);
    const linked = (await this.identity.linksOf(id)).filter((l) => l.status === 'linked');
    const { posts } = await this.postsOf(id, linked);
    const summary = summarise(posts, this.clock.now());
    const facts: CustomerFacts = {
      id,
      products: customer.products,
      consent: customer.consent,
      churnRisk: summary.churn.risk,
      topics: summary.recentTopics,
      intents: summary.recentIntents,
    };
    if (customer.birthDate !== undefined) facts.birthDate = customer.birthDate;
    if (customer.segment !== undefined) facts.segment = customer.segment;
    if (customer.value !== undefined) facts.value = customer.value;
    return facts;
  }

  async nextBestActions(id: string): Promise<{ customerId: string; items: Recommendation[] }> {
    const facts = await this.facts(id);
    const offers = (await this.offers.listOffers()).filter((offer) => offer.active);
    const [others, own] = await Promise.all([this.offers.responses(offers.map((o) => o.id), RESPONSES_PER_OFFER), this.offers.responsesOf(id)]);
    // The customer's own answers may be older than the latest per offer: added so an offer they declined is not offered again.
    const responses = [...others.filter((r) => r.customerId !== id), ...own];
    return { customerId: id, items: rankOffers(facts, offers, responses, this.clock.now()) };
  }

  async recordResponse(id: string, offerId: string, accepted: boolean, by: string): Promise<Omit<OfferResponse, 'at'> & { at: string }> {
    const offer = await this.offers.getOffer(offerId);
    if (!offer) throw new NotFoundError(`no offer "${offerId}"`);
    const response: OfferResponse = { offerId, customerId: id, accepted, at: this.clock.now(), by, facts: await this.facts(id) };
    await this.offers.recordResponse(response);
    return { ...response, at: response.at.toISOString() };
  }

  /**
   * Removes the customer's personal data from every store and index, keeping anonymous
   * counts: their offer answers become counts on the offers; their posts keep their analysis
   * (sentiment, topics, intents, so every chart still adds up) but lose the customer id, the
   * author (name, handle, bio, where contacts were found) and the link; internal-channel
   * records (calls, emails, chats: the company's records of them) lose their text, and public
   * posts have the customer's name, emails and phones blanked. Safe to run again.
   */
  async erase(id: string): Promise<ErasureResult> {
    const [customer] = await this.identity.customersById([id]);
    const linked = (await this.identity.linksOf(id)).filter((l) => l.status === 'linked');
    const posts = await this.allPostsOf(id, linked);
    if (!customer && posts.length === 0 && linked.length === 0 && (await this.offers.responsesOf(id)).length === 0) {
      throw new NotFoundError(`no customer "${id}"`);
    }
    const traces = customer ? [customer.name, ...customer.emails, ...customer.phones, ...customer.phones.map((p) => p.replace(/^\+/, ''))] : [];
    const erasedAuthor = `erased-${randomBytes(8).toString('hex')}`;
    const rewritten = posts.map((post) => anonymise(post, erasedAuthor, traces));
    for (let start = 0; start < rewritten.length; start += WRITE_BATCH) await this.posts.upsert(rewritten.slice(start, start + WRITE_BATCH));
    const offerResponses = await this.offers.forgetCustomers([id]);
    const { existed, links } = await this.identity.eraseCustomer(id);
    return { customerId: id, erased: { customer: existed, links, offerResponses, posts: rewritten.length } };
  }

  /** The customer's posts, newest first, at most MAX_PROFILE_POSTS: one page of the store. */
  private async postsOf(id: string, linked: readonly IdentityLink[]): Promise<{ posts: Post[]; truncated: boolean }> {
    const page = await this.posts.postsOf(personOf(id, linked), { limit: MAX_PROFILE_POSTS });
    return { posts: page.items, truncated: page.nextCursor !== undefined };
  }

  private async allPostsOf(id: string, linked: readonly IdentityLink[]): Promise<Post[]> {
    const person = personOf(id, linked);
    const posts: Post[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.posts.postsOf(person, { limit: MAX_PERSON_PAGE, cursor });
      posts.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return posts;
  }

  private async network(customer: Customer, linked: readonly IdentityLink[], own: readonly Post[], authorHandles: ReadonlyMap<string, string>) {
    const ownHandles = customerHandles(customer, linked, authorHandles);
    const ownAuthors = new Set(linked.map((l) => l.author));
    const around = await this.posts.mentioning([...ownHandles].slice(0, MAX_MENTION_HANDLES), MENTION_SCAN);
    const known = new Map<string, string>();
    const mentioned = [...new Set(own.flatMap((post) => handlesIn(post.text).filter((h) => !ownHandles.has(h)).map((h) => `${post.source}|${h}`)))].slice(0, MENTIONS_RESOLVED);
    // Posts have no handle filter: a mentioned handle is resolved through the CRM (a customer who declared it) to their linked author there.
    for (const key of mentioned) {
      const [source, handle] = key.split('|');
      for (const other of await this.identity.customersWithHandle(source, handle)) {
        const author = (await this.identity.linksOf(other)).find((l) => l.status === 'linked' && l.author.startsWith(`${source}:`));
        if (author) known.set(key, author.author);
      }
    }
    const entries = network(own, around, ownHandles, ownAuthors, known);
    // Whether the other side is itself a customer: the agent sees the household or friends who talk to each other.
    const links = await this.identity.linksOfAuthors(entries.map((e) => e.author).filter((a) => !a.includes(':@')));
    const customerOf = new Map(links.filter((l) => l.status === 'linked').map((l) => [l.author, l.customerId]));
    return entries.map((entry) => (customerOf.has(entry.author) ? { ...entry, customerId: customerOf.get(entry.author)! } : entry));
  }
}

/**
 * Records carrying the id and the posts of each linked author. Only `linked` links count: a
 * suggestion is not the customer until a person says so.
 */
function personOf(customerId: string, linked: readonly IdentityLink[]): PersonKey {
  return {
    customerId,
    authors: linked.map((link) => {
      const at = link.author.indexOf(':');
      return { source: link.author.slice(0, at) as Source, id: link.author.slice(at + 1) };
    }),
  };
}

function timelinePage(posts: readonly Post[], page: { limit: number; cursor?: string }): CustomerProfile['timeline'] {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_TIMELINE_PAGE) throw new ValidationError(`limit must be a whole number from 1 to ${MAX_TIMELINE_PAGE}`);
  let start = 0;
  if (page.cursor) {
    const [createdAt, id] = decodeKeyCursor(page.cursor, 2);
    const after = { createdAt: new Date(createdAt), id } as Post;
    if (Number.isNaN(after.createdAt.getTime())) throw new AppError('VALIDATION_FAILED', 'cursor is not valid: pass back the nextCursor of the previous page unchanged', 400);
    start = posts.findIndex((post) => byNewest(after, post) < 0);
    if (start < 0) start = posts.length;
  }
  const items = posts.slice(start, start + page.limit);
  const last = items[items.length - 1];
  const more = start + page.limit < posts.length;
  return { total: posts.length, items: items.map(toProfilePost), ...(more && last ? { nextCursor: encodeKeyCursor([last.createdAt.toISOString(), last.id]) } : {}) };
}

/**
 * A post of an erased customer keeps what counts (source, time, sentiment, topics, intents)
 * and loses whom it was by: the author becomes one pseudonym per erasure, so their posts
 * still count as one author's without saying whose.
 */
function anonymise(post: Post, erasedAuthor: string, traces: readonly string[]): Post {
  const { customerId: _customerId, url: _url, ...rest } = post;
  const author = { id: erasedAuthor, handle: 'erased' };
  if (post.channel === 'internal') return { ...rest, text: '[erased]', author, entities: [], ...(post.regions ? { regions: [] } : {}) };
  let text = post.text;
  for (const trace of traces) if (trace) text = text.split(trace).join('[erased]');
  // Regions stored from the profile's location would keep where she lives: only what the words left say counts.
  return { ...rest, text, author, ...(post.regions ? { regions: regionsOfPost(text) } : {}) };
}
