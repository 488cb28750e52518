import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Metrics, requestContext } from '@escucha/infra';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBodyParsers } from './body.parsers';
import { addRequestLog, requestIdOf } from './request-log.hooks';

describe('addRequestLog', () => {
  const fastify = Fastify({ genReqId: requestIdOf, requestIdHeader: false });
  let port: number;

  beforeAll(async () => {
    addRequestLog(fastify, new Metrics());
    addBodyParsers(fastify, 1_000);
    // What a handler (and whatever it logs) sees as the current request.
    fastify.post('/api/v1/posts', async () => ({ context: requestContext.getStore()?.requestId ?? null }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    port = (fastify.server.address() as AddressInfo).port;
  });
  afterAll(() => fastify.close());

  /** A POST whose body arrives in two pieces, the second after the request was routed. */
  const slowPost = (requestId: string) =>
    new Promise<{ header: string | undefined; body: { context: string | null } }>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/posts', headers: { 'content-type': 'application/json', 'x-request-id': requestId } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ header: res.headers['x-request-id'] as string | undefined, body: JSON.parse(text) as { context: string | null } }));
      });
      req.on('error', reject);
      req.write('[{"id":');
      setTimeout(() => req.end('"a"}]'), 50);
    });

  it('runs the handler in the request\'s context even when the body arrives after routing', async () => {
    const [a, b] = await Promise.all([slowPost('slow-body-a'), slowPost('slow-body-b')]);
    expect(a).toEqual({ header: 'slow-body-a', body: { context: 'slow-body-a' } });
    expect(b).toEqual({ header: 'slow-body-b', body: { context: 'slow-body-b' } });
  });
});
