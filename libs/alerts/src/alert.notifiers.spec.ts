import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnavailable } from '@escucha/core';
import { DeliveryError, EmailNotifier, sendWebhook } from './alert.notifiers';

const NOW = new Date('2026-12-01T12:00:00Z');

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('alert notifiers: a receiver that fails is the delivery failing, not Escucha being down', () => {
  let receiver: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
    receiver = undefined;
  });

  it('a webhook answering 500 fails with DELIVERY_FAILED, which spends the job\'s tries', async () => {
    receiver = createServer((_, response) => response.writeHead(500).end('boom'));
    await new Promise<void>((done) => receiver!.listen(0, '127.0.0.1', done));
    const { port } = receiver.address() as AddressInfo;
    const error = await rejection(sendWebhook(`http://127.0.0.1:${port}/hook`, { text: 'hola' }, undefined, NOW));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', message: `webhook 127.0.0.1:${port} answered HTTP 500` });
    // UNAVAILABLE would have the queue wait it out forever without counting a try.
    expect(isUnavailable(error)).toBe(false);
  });

  it('a webhook nobody answers, and an SMTP server that is not there, fail the same way', async () => {
    const port = await closedPort();
    const hook = await rejection(sendWebhook(`http://127.0.0.1:${port}/hook`, { text: 'hola' }, undefined, NOW));
    expect(hook).toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringContaining(`webhook 127.0.0.1:${port} unreachable`) });
    expect(isUnavailable(hook)).toBe(false);

    const email = new EmailNotifier(`smtp://127.0.0.1:${port}`, 'escucha@example.com');
    try {
      const mail = await rejection(email.send(['noc@example.com'], { title: 'Alerta', lines: ['hola'] }));
      expect(mail).toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringMatching(/^email not sent: /) });
      expect(isUnavailable(mail)).toBe(false);
    } finally {
      email.close();
    }
  });
});
