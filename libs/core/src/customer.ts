/** A known customer, as the CRM describes them; contact fields are normalised at the edge (libs/identity). */
export interface Customer {
  /** The CRM's own id: two ids are two people, never merged. */
  id: string;
  name: string;
  /** Lower-cased. */
  emails: string[];
  /** E.164, e.g. +5491155550000. */
  phones: string[];
  /** Handle per platform (`{x: "ana_g"}`), lower-cased and without the leading @. */
  handles: Record<string, string>;
  city?: string;
  segment?: string;
  products: string[];
  value?: number;
  /** YYYY-MM-DD. */
  birthDate?: string;
  consent: { marketing: boolean };
  attributes: Record<string, unknown>;
  updatedAt: Date;
}

/** How a link was made: a declared handle, a contact found in a bio or record, a fuzzy match, or a person. */
export const LINK_METHODS = ['handle', 'email', 'phone', 'fuzzy', 'manual'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

/** `linked` counts; `suggested` waits for a person; `rejected` was refused by one and is never made again automatically. */
export const LINK_STATUSES = ['linked', 'suggested', 'rejected'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** An author (`platform:authorId`, e.g. `x:123`) tied to a customer. */
export interface IdentityLink {
  author: string;
  customerId: string;
  method: LinkMethod;
  /** 0..1; 1 for exact methods and people. */
  confidence: number;
  status: LinkStatus;
  /** `system`, or the username of the person who made or last decided it. */
  by: string;
  at: Date;
  /** Why, in short words ("name", "nickname", "city", "products"), for the person who reviews a suggestion. */
  reasons?: string[];
}

export function authorKey(platform: string, authorId: string): string {
  return `${platform}:${authorId}`;
}
