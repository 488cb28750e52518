import { AppError } from '@escucha/core';
import { MalformedRecord } from '@escucha/ingest';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];

/**
 * Turns a request body into one entry per post. A JSON array (or one object) arrives
 * parsed; NDJSON arrives as text and each line parses alone, so one bad line is one
 * rejected record, not a failed request.
 */
export function parseIngestBody(body: unknown, maxPosts: number): unknown[] {
  let records: unknown[];
  if (typeof body === 'string') {
    records = [];
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch (error) {
        records.push(new MalformedRecord(`line ${i + 1} is not valid JSON: ${(error as Error).message}`));
      }
    }
  } else if (Array.isArray(body)) {
    records = body;
  } else if (body !== null && typeof body === 'object' && Object.keys(body).length > 0) {
    records = [body];
  } else {
    throw new AppError('EMPTY_BODY', 'send a JSON array of posts (Content-Type: application/json) or NDJSON (Content-Type: application/x-ndjson)', 400);
  }
  if (records.length === 0) throw new AppError('EMPTY_BODY', 'the body holds no posts', 400);
  if (records.length > maxPosts) {
    throw new AppError('TOO_MANY_POSTS', `at most ${maxPosts} posts per request, got ${records.length}; split the batch`, 413);
  }
  return records;
}
