import { AppError } from '@escucha/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { addBodyParsers } from './body.parsers';

/** A real Fastify with the parsers, and routes that echo what their handler received. */
async function app(limits = { bytes: 1_000, importBytes: 5_000 }): Promise<FastifyInstance> {
  const fastify = Fastify({ bodyLimit: limits.bytes });
  addBodyParsers(fastify, limits.importBytes);
  fastify.setErrorHandler((error, _request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send({ code: error.code, message: error.message });
    return reply.status((error as { statusCode?: number }).statusCode ?? 500).send({ code: (error as { code?: string }).code });
  });
  const echo = (request: { body: unknown }) => ({ kind: Buffer.isBuffer(request.body) ? 'buffer' : typeof request.body, body: Buffer.isBuffer(request.body) ? request.body.toString('hex') : request.body });
  fastify.post('/api/v1/posts', async (request) => echo(request));
  fastify.post('/api/v1/webhooks/:id', async (request) => echo(request));
  fastify.post('/api/v1/imports', async (request) => echo(request));
  await fastify.ready();
  return fastify;
}

describe('addBodyParsers', () => {
  let fastify: FastifyInstance;
  afterEach(() => fastify?.close());

  const post = (url: string, payload: string | Buffer, type?: string) =>
    fastify.inject({ method: 'POST', url, payload, headers: type ? { 'content-type': type } : {} }).then((r) => ({ status: r.statusCode, body: r.json() as Record<string, unknown> }));

  it('parses JSON, including +json types, and NDJSON as text', async () => {
    fastify = await app();
    expect(await post('/api/v1/posts', '[{"id":"a"}]', 'application/json; charset=utf-8')).toEqual({ status: 200, body: { kind: 'object', body: [{ id: 'a' }] } });
    expect((await post('/api/v1/posts', '{"id":"a"}', 'application/vnd.escucha+json')).body).toEqual({ kind: 'object', body: { id: 'a' } });
    expect((await post('/api/v1/posts', '{"id":"a"}\n{"id":"b"}\n', 'application/x-ndjson')).body).toEqual({ kind: 'string', body: '{"id":"a"}\n{"id":"b"}\n' });
  });

  it('answers bad JSON, too deep JSON and unknown types with their own codes', async () => {
    fastify = await app();
    expect(await post('/api/v1/posts', '[{"id":', 'application/json')).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    expect(await post('/api/v1/posts', '['.repeat(40) + ']'.repeat(40), 'application/json')).toMatchObject({ status: 400, body: { code: 'JSON_TOO_DEEP' } });
    const refused = await post('/api/v1/posts', 'hola', 'text/plain');
    expect(refused).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(refused.body.message).toMatch(/application\/json.*NDJSON.*not text\/plain/);
  });

  it('gives a webhook the bytes as sent, whatever their type', async () => {
    fastify = await app();
    const bytes = Buffer.from('{"id": "a",  "text":"ñ"}');
    expect((await post('/api/v1/webhooks/src-1', bytes, 'application/json')).body).toEqual({ kind: 'buffer', body: bytes.toString('hex') });
    expect((await post('/api/v1/webhooks/src-1', bytes)).body).toEqual({ kind: 'buffer', body: bytes.toString('hex') });
  });

  it('gives an import its text in the charset it declares, under the import limit', async () => {
    fastify = await app();
    const latin1 = Buffer.from('nombre;ciudad\nMaría;Córdoba\n', 'latin1');
    expect((await post('/api/v1/imports', latin1, 'text/csv; charset=iso-8859-1')).body).toEqual({ kind: 'string', body: 'nombre;ciudad\nMaría;Córdoba\n' });
    // Over the ingest limit (1,000 bytes) but under the import limit (5,000).
    const big = 'a;b\n'.repeat(600);
    expect((await post('/api/v1/imports', big, 'text/csv')).body).toEqual({ kind: 'string', body: big });
    expect((await post('/api/v1/posts', JSON.stringify([big]), 'application/json')).status).toBe(413);
    expect((await post('/api/v1/imports', 'x'.repeat(6_000), 'text/csv')).status).toBe(413);
    expect(await post('/api/v1/imports', 'a', 'text/csv; charset=klingon')).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});
