import 'reflect-metadata';
import { createServer } from 'node:http';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * The floors under one-post-per-request ingest: servers that answer POST /api/v1/posts with 202
 * after parsing the JSON body and doing nothing else. `node` is bare node:http; `nest` is NestJS
 * on the Fastify adapter, as the API runs, with one route and no middleware of ours; `nest-express`
 * is the same on the Express adapter, as the API ran until it moved to Fastify. Whatever our
 * server does per request comes on top of the `nest` floor.
 *
 * Usage: node floor.server.js node|nest|nest-express PORT; prints "ready" once it listens.
 */

@Controller('api/v1/posts')
class FloorController {
  @Post()
  @HttpCode(202)
  create(@Body() body: unknown): { accepted: number; rejected: unknown[] } {
    return { accepted: Array.isArray(body) ? body.length : 1, rejected: [] };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const [mode, port] = process.argv.slice(2);
  if (mode === 'node') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(202, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ accepted: Array.isArray(body) ? body.length : 1, rejected: [] }));
      });
    });
    await new Promise<void>((done) => server.listen(Number(port), '127.0.0.1', done));
  } else if (mode === 'nest' || mode === 'nest-express') {
    const adapter = mode === 'nest' ? new FastifyAdapter() : new ExpressAdapter();
    const app = await NestFactory.create(FloorModule, adapter, { logger: false });
    await app.listen(Number(port), '127.0.0.1');
  } else {
    throw new Error(`unknown floor "${mode}": node, nest or nest-express`);
  }
  process.stdout.write('ready\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
