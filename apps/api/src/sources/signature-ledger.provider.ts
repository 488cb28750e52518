import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { MemorySignatureLedger, SIGNATURE_LEDGER, type SignatureLedger } from '@escucha/connectors';
import { connectRedis, throttled } from '@escucha/queue';
import { RedisSignatureLedger } from './redis.signature-ledger';

/** Chosen with the queue: one process keeps the ledger in memory, scale-out shares it in Redis. */
async function openSignatureLedger(config: AppConfig): Promise<SignatureLedger> {
  const queue = config.queue;
  switch (queue.driver) {
    case 'inline':
      return new MemorySignatureLedger();
    case 'bullmq': {
      const logger = new Logger('Webhooks');
      // A replay check that cannot reach Redis fails the request (503) rather than waiting or letting it through.
      return new RedisSignatureLedger(await connectRedis(queue.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }, throttled((m) => logger.warn(m))));
    }
    default:
      throw new Error(`QUEUE=${(queue as { driver: string }).driver} has no webhook signature ledger in this build`);
  }
}

@Injectable()
class SignatureLedgerShutdown implements OnApplicationShutdown {
  constructor(@Inject(SIGNATURE_LEDGER) private readonly ledger: SignatureLedger) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ledger.close();
  }
}

export const SIGNATURE_LEDGER_PROVIDERS: Provider[] = [
  { provide: SIGNATURE_LEDGER, useFactory: openSignatureLedger, inject: [APP_CONFIG] },
  SignatureLedgerShutdown,
];
