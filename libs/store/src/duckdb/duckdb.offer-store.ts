import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { checkOffer, type CustomerFacts, type Offer, type OfferResponse } from '@escucha/offers';
import type { OfferStore, StoredOffer } from '../offer-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asString, fromTimestamp } from './duckdb.values';

// The offer itself is one JSON column: it is read whole and never queried by field.
const CREATE_OFFERS = `CREATE TABLE IF NOT EXISTS offers (
  id VARCHAR PRIMARY KEY,
  offer VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  erased_accepted BIGINT NOT NULL DEFAULT 0,
  erased_declined BIGINT NOT NULL DEFAULT 0
)`;

const CREATE_RESPONSES = `CREATE TABLE IF NOT EXISTS offer_responses (
  offer_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  accepted BOOLEAN NOT NULL,
  answered_at TIMESTAMP NOT NULL,
  recorded_by VARCHAR NOT NULL,
  facts VARCHAR NOT NULL
)`;

const OFFER_COLUMNS = 'id, offer, created_at, updated_at, erased_accepted, erased_declined';
const RESPONSE_COLUMNS = 'offer_id, customer_id, accepted, answered_at, recorded_by, facts';

export class DuckDbOfferStore implements OfferStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write(async (connection) => {
      await connection.run(CREATE_OFFERS);
      await connection.run(CREATE_RESPONSES);
    });
  }

  async saveOffer(offer: Offer, at: Date): Promise<StoredOffer> {
    checkOffer(offer);
    return this.db.write(async (connection) => {
      const existing = await selectOffer(connection, offer.id);
      const stored: StoredOffer = {
        ...offer,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        erased: existing?.erased ?? { accepted: 0, declined: 0 },
      };
      const params = new SqlParams();
      await connection.run(
        `INSERT OR REPLACE INTO offers (${OFFER_COLUMNS}) VALUES (${params.add(offer.id)}, ${params.add(JSON.stringify(offer))}, ${params.timestamp(stored.createdAt)}, ${params.timestamp(at)}, ${params.add(stored.erased.accepted)}, ${params.add(stored.erased.declined)})`,
        params.values,
        params.types,
      );
      return stored;
    });
  }

  async getOffer(id: string): Promise<StoredOffer | undefined> {
    return this.db.read((connection) => selectOffer(connection, id));
  }

  async listOffers(): Promise<StoredOffer[]> {
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll(`SELECT ${OFFER_COLUMNS} FROM offers ORDER BY id`)).getRows());
    return rows.map(rowToOffer);
  }

  async recordResponse(response: OfferResponse): Promise<void> {
    const params = new SqlParams();
    await this.db.write((connection) =>
      connection.run(
        `INSERT INTO offer_responses (${RESPONSE_COLUMNS}) VALUES (${params.add(response.offerId)}, ${params.add(response.customerId)}, ${params.add(response.accepted)}, ${params.timestamp(response.at)}, ${params.add(response.by)}, ${params.add(JSON.stringify(response.facts))})`,
        params.values,
        params.types,
      ),
    );
  }

  async responses(offerIds: readonly string[], perOffer: number): Promise<OfferResponse[]> {
    if (offerIds.length === 0) return [];
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) =>
      (
        await connection.runAndReadAll(
          `SELECT ${RESPONSE_COLUMNS} FROM offer_responses WHERE ${params.oneOf('offer_id', offerIds)}
           QUALIFY row_number() OVER (PARTITION BY offer_id ORDER BY answered_at DESC) <= ${params.add(perOffer)}
           ORDER BY offer_id, answered_at DESC`,
          params.values,
          params.types,
        )
      ).getRows(),
    );
    return rows.map(rowToResponse);
  }

  async responsesOf(customerId: string): Promise<OfferResponse[]> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT ${RESPONSE_COLUMNS} FROM offer_responses WHERE customer_id = ${params.add(customerId)} ORDER BY answered_at DESC`, params.values, params.types)).getRows(),
    );
    return rows.map(rowToResponse);
  }

  async deleteOffer(id: string): Promise<boolean> {
    return this.db.transaction(async (connection) => {
      const params = new SqlParams();
      const offerId = params.add(id);
      await connection.run(`DELETE FROM offer_responses WHERE offer_id = ${offerId}`, params.values, params.types);
      return (await connection.run(`DELETE FROM offers WHERE id = ${offerId}`, params.values, params.types)).rowsChanged > 0;
    });
  }

  async forgetCustomers(customerIds: readonly string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    return this.db.transaction(async (connection) => {
      const params = new SqlParams();
      const theirs = params.oneOf('customer_id', customerIds);
      await connection.run(
        `UPDATE offers SET erased_accepted = erased_accepted + c.accepted, erased_declined = erased_declined + c.declined
         FROM (SELECT offer_id, count(*) FILTER (WHERE accepted) AS accepted, count(*) FILTER (WHERE NOT accepted) AS declined
               FROM offer_responses WHERE ${theirs} GROUP BY offer_id) c
         WHERE offers.id = c.offer_id`,
        params.values,
        params.types,
      );
      return (await connection.run(`DELETE FROM offer_responses WHERE ${theirs}`, params.values, params.types)).rowsChanged;
    });
  }
}

async function selectOffer(connection: DuckDBConnection, id: string): Promise<StoredOffer | undefined> {
  const params = new SqlParams();
  const rows = (await connection.runAndReadAll(`SELECT ${OFFER_COLUMNS} FROM offers WHERE id = ${params.add(id)}`, params.values, params.types)).getRows();
  return rows.length ? rowToOffer(rows[0]) : undefined;
}

function rowToOffer([, offer, createdAt, updatedAt, erasedAccepted, erasedDeclined]: DuckDBValue[]): StoredOffer {
  return {
    ...(JSON.parse(asString(offer)) as Offer),
    createdAt: fromTimestamp(createdAt),
    updatedAt: fromTimestamp(updatedAt),
    erased: { accepted: Number(erasedAccepted), declined: Number(erasedDeclined) },
  };
}

function rowToResponse([offerId, customerId, accepted, at, by, facts]: DuckDBValue[]): OfferResponse {
  return {
    offerId: asString(offerId),
    customerId: asString(customerId),
    accepted: accepted === true,
    at: fromTimestamp(at),
    by: asString(by),
    facts: JSON.parse(asString(facts)) as CustomerFacts,
  };
}
