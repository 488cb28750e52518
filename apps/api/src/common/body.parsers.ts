import { TextDecoder } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@escucha/core';
import { NDJSON_TYPES } from '../ingest/ingest-body.parser';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/** A webhook's HMAC is over the bytes as sent: these routes get the body untouched. */
const RAW_ROUTES = ['/api/v1/webhooks'];
/** An import is a file of any text format (CSV, NDJSON, mbox…): these routes get it as text. */
const FILE_ROUTES = ['/api/v1/imports', '/api/v1/customers/imports'];

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const NDJSON = new Set(NDJSON_TYPES);

/**
 * One parser for every body, chosen by route first and media type second: Fastify's own parsers
 * know nothing of routes, and the webhooks need the bytes whatever their type. The byte limit is
 * Fastify's, enforced while the body streams in: the instance's `bodyLimit` (INGEST_MAX_BYTES)
 * everywhere but the import routes, which get `importBytes` (IMPORT_MAX_BYTES).
 */
export function addBodyParsers(fastify: FastifyInstance, importBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addHook('onRoute', (route) => {
    if (startsWithAny(route.url, FILE_ROUTES)) route.bodyLimit = importBytes;
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseBody(request, body as Buffer);
    } catch (error) {
      return done(error as Error);
    }
    done(null, parsed);
  });
}

function parseBody(request: FastifyRequest, body: Buffer): unknown {
  const route = request.routeOptions.url ?? '';
  if (startsWithAny(route, RAW_ROUTES)) return body;
  const { type, charset } = mediaType(request.headers['content-type']);
  if (startsWithAny(route, FILE_ROUTES)) return decode(body, charset);
  if (body.length === 0) return undefined;
  if (JSON_TYPE.test(type)) return parseJson(body);
  if (NDJSON.has(type)) return decode(body, charset);
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `send the body as application/json${route === '/api/v1/posts' ? ' or NDJSON (application/x-ndjson)' : ''}, not ${type === '' ? 'without a Content-Type' : type}`,
    415,
  );
}

/** Validation walks a body recursively: a body of thousands of nested brackets is refused before it gets there. */
function parseJson(body: Buffer): unknown {
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new AppError('JSON_TOO_DEEP', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, 400);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new AppError('MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`, 400);
  }
}

function decode(body: Buffer, charset: string): string {
  if (charset === 'utf-8' || charset === 'utf8') return body.toString('utf8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported charset "${charset}"; send UTF-8, or a charset such as iso-8859-1 or windows-1252`, 415);
  }
  return decoder.decode(body);
}

function mediaType(header: string | undefined): { type: string; charset: string } {
  if (!header) return { type: '', charset: 'utf-8' };
  const [type, ...parameters] = header.split(';');
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  return { type: type.trim().toLowerCase(), charset: charset ? charset.slice('charset='.length).replace(/^"|"$/g, '') : 'utf-8' };
}

function startsWithAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path.startsWith(prefix));
}
