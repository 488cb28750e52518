import { AppError } from '@escucha/core';
import { SIGNATURE_HEADER, signWebhook } from '@escucha/connectors';
import { createTransport, type Transporter } from 'nodemailer';
import type { AlertMessage } from './alert.message';

/**
 * A message a receiver did not take (no answer, an error status, SMTP refusing). Not UNAVAILABLE:
 * that code tells the queue a dependency of Escucha's own is down and the job should wait without
 * spending its tries (BullMQ defers such a job for as long as the outage lasts). A receiver that
 * fails is the job failing: it spends ALERTS_DELIVERY_ATTEMPTS and then gives up, as the alert's
 * timeline says.
 */
export class DeliveryError extends AppError {
  constructor(message: string) {
    super('DELIVERY_FAILED', message, 502);
  }
}

/** Webhook receivers get this long to answer before the attempt counts as failed. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs `payload` as JSON, signed like Escucha's own inbound webhooks (`x-escucha-signature:
 * t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">`), so a receiver can check it with the same code.
 * Any answer but 2xx is a failure the caller retries.
 */
export async function sendWebhook(url: string, payload: unknown, secret: string | undefined, now: Date): Promise<void> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Escucha-Alerts' };
  if (secret) headers[SIGNATURE_HEADER] = signWebhook(secret, Math.floor(now.getTime() / 1000), body);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new DeliveryError(`webhook ${new URL(url).host} unreachable: ${(error as Error).message}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new DeliveryError(`webhook ${new URL(url).host} answered HTTP ${response.status}`);
}

/** Mail over SMTP (SMTP_URL), one transport per process, reused across messages. */
export class EmailNotifier {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
  }

  async send(to: readonly string[], message: AlertMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: [...to], subject: message.title, text: message.lines.join('\n\n') });
    } catch (error) {
      throw new DeliveryError(`email not sent: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
