import { Injectable } from '@nestjs/common';
import { AppError, channelOf, regionsOfPost, type AuthorEntry, type Post } from '@escucha/core';
import type { LivePost } from '@escucha/live';
import type { Role } from '@escucha/store';
import { AuthService } from '../auth/auth.service';

/** Roles whose work needs the person behind a post: they see customer ids and personal fields. */
export const PERSONAL_ROLES: readonly Role[] = ['admin', 'service'];

export function seesPersonal(role: Role | undefined): boolean {
  return role !== undefined && PERSONAL_ROLES.includes(role);
}

/** A post as an analyst or marketer sees it when it belongs to a person: `customerRef` instead of `customerId`. */
export type PrivatePost<T extends Post> = T & { customerRef?: string };

/**
 * What roles that see aggregates (analyst, marketing) get of posts: a post tied to a customer
 * (it carries their id) or written through an internal channel (a call, an email: its author
 * is a person dealing with the company, not a public account) comes with a pseudonymous
 * author and customer reference, and without the author's name, bio or location (nor the
 * regions worked out from that location: only the places the text names). Public
 * posts of authors nobody linked are shown as they are.
 */
@Injectable()
export class PostPrivacy {
  constructor(private readonly auth: AuthService) {}

  customerRef(customerId: string): string {
    return this.auth.pseudonym(`customer:${customerId}`);
  }

  post<T extends Post>(post: T, role: Role | undefined): PrivatePost<T> {
    const view = this.personless(post, role);
    return view === post ? post : ({ ...view, ...(post.regions ? { regions: regionsOfPost(post.text) } : {}) } as PrivatePost<T>);
  }

  /** The live feed's posts, by the same rule. */
  livePost(post: LivePost, role: Role | undefined): LivePost & { customerRef?: string } {
    return this.personless(post, role);
  }

  /** The post itself when the role sees people or the post is no one's; otherwise its pseudonymous copy. */
  private personless<T extends { source: string; channel: string; author: Post['author']; customerId?: string }>(post: T, role: Role | undefined): T & { customerRef?: string } {
    if (seesPersonal(role) || (post.customerId === undefined && post.channel !== 'internal')) return post;
    const { customerId, ...rest } = post;
    const ref = this.auth.pseudonym(`author:${post.source}:${post.author.id}`);
    const view = {
      ...rest,
      author: { id: ref, handle: ref, ...(post.author.followers !== undefined ? { followers: post.author.followers } : {}) },
    } as T & { customerRef?: string };
    if (customerId !== undefined) view.customerRef = this.customerRef(customerId);
    return view;
  }

  posts<T extends Post>(posts: readonly T[], role: Role | undefined): Array<PrivatePost<T>> {
    return posts.map((post) => this.post(post, role));
  }

  /** Internal-channel authors are people, not public accounts: pseudonymous for aggregate roles. */
  authors(entries: readonly AuthorEntry[], role: Role | undefined): AuthorEntry[] {
    if (seesPersonal(role)) return [...entries];
    return entries.map((entry) => {
      if (channelOf(entry.source) !== 'internal') return entry;
      const ref = this.auth.pseudonym(`author:${entry.source}:${entry.key}`);
      return { key: ref, count: entry.count, handle: ref, source: entry.source, followers: entry.followers };
    });
  }

  /** Filtering by customer would tell an analyst which posts are a named customer's: the personal roles only. */
  checkCustomerFilter(customer: string | undefined, role: Role | undefined): void {
    if (customer !== undefined && !seesPersonal(role)) {
      throw new AppError('FORBIDDEN', `role ${role ?? 'anonymous'} may not filter by customer; needs ${PERSONAL_ROLES.join(' or ')}`, 403);
    }
  }
}
