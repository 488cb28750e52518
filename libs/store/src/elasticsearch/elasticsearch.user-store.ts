import type { estypes } from '@elastic/elasticsearch';
import { AppError, ValidationError } from '@escucha/core';
import { ROLES, type Role, type User, type UserChanges, type UserStore } from '../user-store.port';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

interface UserDocument {
  username: string;
  role: string;
  passwordHash: string;
  createdAt: string;
  disabled?: boolean;
  tokensValidAfter?: string;
}

const USER_PROPERTIES = {
  username: { type: 'keyword' },
  role: { type: 'keyword' },
  passwordHash: { type: 'keyword', index: false, doc_values: false },
  createdAt: { type: 'date' },
  disabled: { type: 'boolean' },
  tokensValidAfter: { type: 'date' },
} as const;

const PAGE = 1_000;

/** Users keyed by username as the document id, in one small index. */
export class ElasticsearchUserStore implements UserStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-users`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: { dynamic: 'strict', properties: USER_PROPERTIES },
    });
    // An index made before users could be disabled gains the fields; adding fields to a mapping is allowed in place.
    await this.es.call('updating the users mapping', (client) => client.indices.putMapping({ index: this.index, properties: USER_PROPERTIES }));
  }

  /** A get by id is exact (no analysis, no wildcards) and real-time: it sees a create at once. */
  async find(username: string): Promise<User | undefined> {
    try {
      const response = await this.es.client.get<UserDocument>({ index: this.index, id: username });
      return response.found && response._source ? fromDocument(response._source) : undefined;
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('reading a user', error);
    }
  }

  /** op_type=create: Elasticsearch itself refuses an existing id (409), so two racing creates cannot both win. */
  async create(user: User): Promise<void> {
    if (!(ROLES as readonly string[]).includes(user.role)) {
      throw new ValidationError(`role must be one of ${ROLES.join(', ')}, got "${user.role}"`);
    }
    if (!(user.createdAt instanceof Date) || Number.isNaN(user.createdAt.getTime())) {
      throw new ValidationError('createdAt is not a valid date');
    }
    if (typeof user.username !== 'string' || user.username.length === 0 || Buffer.byteLength(user.username) > 512) {
      throw new ValidationError('username must be 1 to 512 bytes');
    }
    const document: UserDocument = {
      username: user.username,
      role: user.role,
      passwordHash: user.passwordHash,
      createdAt: user.createdAt.toISOString(),
      ...(user.disabled ? { disabled: true } : {}),
      ...(user.tokensValidAfter ? { tokensValidAfter: user.tokensValidAfter.toISOString() } : {}),
    };
    try {
      // An immediate refresh, so the list that follows a create (an admin screen) shows the new
      // user; users are created rarely, so the small segment it makes costs nothing, while
      // wait_for would hold every create for up to a refresh interval.
      await this.es.client.create({ index: this.index, id: user.username, document, refresh: true });
    } catch (error) {
      if (isResponseError(error, 409)) throw new AppError('CONFLICT', `user "${user.username}" already exists`, 409);
      throw this.es.translate('creating a user', error);
    }
  }

  /** A partial update of the document by id; refreshed at once so a list right after shows it. */
  async update(username: string, changes: UserChanges): Promise<User | undefined> {
    if (changes.role !== undefined && !(ROLES as readonly string[]).includes(changes.role)) {
      throw new ValidationError(`role must be one of ${ROLES.join(', ')}, got "${changes.role}"`);
    }
    const doc: Partial<UserDocument> = {};
    if (changes.role !== undefined) doc.role = changes.role;
    if (changes.passwordHash !== undefined) doc.passwordHash = changes.passwordHash;
    if (changes.disabled !== undefined) doc.disabled = changes.disabled;
    if (changes.tokensValidAfter !== undefined) doc.tokensValidAfter = changes.tokensValidAfter.toISOString();
    try {
      const response = await this.es.client.update<UserDocument, Partial<UserDocument>>({
        index: this.index,
        id: username,
        doc,
        refresh: true,
        _source: true,
      });
      const stored = response.get?._source as UserDocument | undefined;
      return stored ? fromDocument(stored) : this.find(username);
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('updating a user', error);
    }
  }

  /** By username; paged with search_after, so no user is cut off at a result window. */
  async list(): Promise<User[]> {
    const users: User[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('listing users', (client) =>
        client.search<UserDocument>({
          index: this.index,
          sort: [{ username: { order: 'asc' } }],
          size: PAGE,
          search_after: after,
        }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) users.push(fromDocument(hit._source));
      if (hits.length < PAGE) return users;
      after = hits[hits.length - 1].sort;
    }
  }
}

function fromDocument(document: UserDocument): User {
  const user: User = {
    username: document.username,
    role: document.role as Role,
    passwordHash: document.passwordHash,
    createdAt: new Date(document.createdAt),
  };
  if (document.disabled === true) user.disabled = true;
  if (document.tokensValidAfter) user.tokensValidAfter = new Date(document.tokensValidAfter);
  return user;
}
