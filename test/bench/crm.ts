import { demoCustomers, type DemoCustomerRecord } from '@escucha/connectors';
import { MAX_CUSTOMERS_PER_REQUEST } from '../../apps/api/src/identity/customers.controller';
import { BENCH_SEED, demoGenerator } from './corpus';
import type { BenchServer } from './server';

/** The demo world's CRM: the customers among the people behind the demo posts, with their handles, contacts and products. */
export function demoCrm(): DemoCustomerRecord[] {
  return demoCustomers(demoGenerator().people, BENCH_SEED);
}

/**
 * The demo world's CRM, through the API a company's import takes: the ingest job links its
 * authors as it would a company's customers, and the import queues a relink of the authors
 * already stored. Returns the records imported.
 */
export async function importDemoCrm(server: BenchServer): Promise<DemoCustomerRecord[]> {
  const records = demoCrm();
  for (let start = 0; start < records.length; start += MAX_CUSTOMERS_PER_REQUEST) {
    const { accepted } = await server.post<{ accepted: number }>('/api/v1/customers', records.slice(start, start + MAX_CUSTOMERS_PER_REQUEST), 200);
    if (accepted !== Math.min(MAX_CUSTOMERS_PER_REQUEST, records.length - start)) throw new Error(`the demo CRM import accepted ${accepted} records of a chunk`);
  }
  return records;
}
