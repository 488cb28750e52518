import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { LiveIoAdapter } from './live-io.adapter';

/**
 * socket.io across API nodes: broadcasts and room membership go through Redis, so a
 * client on any node receives what any node emits to its rooms.
 */
export class RedisIoAdapter extends LiveIoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplicationContext, url: string, corsOrigins: readonly string[]) {
    super(app, corsOrigins);
    this.pub = new Redis(url, { lazyConnect: false });
    this.sub = this.pub.duplicate();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
