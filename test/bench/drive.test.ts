import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { driveSteady, jsonPoster } from './drive';

/**
 * A server that answers nothing until `hold` requests have arrived, then answers them all: a sender
 * that waited for answers before sending more (a closed loop with fewer clients) would never get
 * there, so finishing proves the load does not fall when the server stops answering.
 */
function holdingServer(hold: number): Promise<{ url: string; received: string[]; server: Server }> {
  const received: string[] = [];
  const waiting: ServerResponse[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(body);
      waiting.push(response);
      if (received.length < hold) return;
      for (const held of waiting.splice(0)) held.writeHead(202).end('{}');
    });
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server })));
}

describe('the steady (open-loop) ingest driver', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('sends every body once on its schedule, answered or not, and times each answer', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => JSON.stringify([{ id: `p${i}` }]));
    const held = await holdingServer(bodies.length);
    server = held.server;
    const { answerMs, sentRate } = await driveSteady(bodies, 400, jsonPoster(held.url, 'token', 64));
    expect([...held.received].sort()).toEqual([...bodies].sort());
    expect(answerMs).toHaveLength(bodies.length);
    // The first request waited for the last to be sent: 40 at 400/s are about 100 ms apart.
    expect(Math.max(...answerMs)).toBeGreaterThanOrEqual(50);
    expect(sentRate).toBeGreaterThan(0);
  });
});
