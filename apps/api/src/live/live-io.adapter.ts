import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io with the API's CORS rule: the origins CORS_ORIGINS lists may open /live from their
 * pages, others get no CORS answer (socket.io's own default).
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const cors = this.corsOrigins.length > 0 ? { cors: { origin: [...this.corsOrigins] } } : {};
    return super.createIOServer(port, { ...options, ...cors } as ServerOptions) as Server;
  }
}
