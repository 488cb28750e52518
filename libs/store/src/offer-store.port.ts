import type { Offer, OfferResponse } from '@escucha/offers';

export interface StoredOffer extends Offer {
  createdAt: Date;
  updatedAt: Date;
  /** Answers of customers since erased: kept as counts only, so the offer's history stays true. */
  erased: { accepted: number; declined: number };
}

/**
 * The offers catalog and what customers answered, shared by every API node. Responses carry
 * a snapshot of the customer (personal data): `forgetCustomers` removes them for erasure.
 */
export interface OfferStore {
  init(): Promise<void>;
  /** Creates or replaces an offer, keeping its createdAt and erased counts. */
  saveOffer(offer: Offer, at: Date): Promise<StoredOffer>;
  getOffer(id: string): Promise<StoredOffer | undefined>;
  /** Ordered by id. */
  listOffers(): Promise<StoredOffer[]>;
  recordResponse(response: OfferResponse): Promise<void>;
  /** The latest `perOffer` responses to each of `offerIds`, newest first within an offer. */
  responses(offerIds: readonly string[], perOffer: number): Promise<OfferResponse[]>;
  /** One customer's responses, newest first. */
  responsesOf(customerId: string): Promise<OfferResponse[]>;
  /**
   * Deletes these customers' responses, adding them to their offers' erased counts; returns how
   * many went. Many at once for the demo's removal, which erases every demo customer.
   */
  forgetCustomers(customerIds: readonly string[]): Promise<number>;
  /**
   * Takes an offer out of the catalog with every response to it; false when there was none. A
   * retired offer is made inactive instead (its history counts): this is for one that should
   * never have been there, such as the demo's.
   */
  deleteOffer(id: string): Promise<boolean>;
}

export const OFFER_STORE = Symbol('OfferStore');
