import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@escucha/config';
import { AppLogger } from '@escucha/infra';
import { AppModule } from './app.module';
import { HttpAdapter } from './http.adapter';
import { setupHttp } from './http.setup';
import { LiveIoAdapter } from './live/live-io.adapter';
import { RedisIoAdapter } from './live/redis-io.adapter';

function config(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const settings = config();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(settings), new HttpAdapter(settings), {
    bodyParser: false,
    logger: new AppLogger(settings),
  });
  app.enableShutdownHooks();
  // Several API nodes share socket.io state through Redis; one node needs nothing.
  const origins = settings.http.corsOrigins;
  app.useWebSocketAdapter(settings.queue.driver === 'bullmq' ? new RedisIoAdapter(app, settings.queue.url, origins) : new LiveIoAdapter(app, origins));
  await setupHttp(app, settings);
  await app.listen(settings.http.port, settings.http.host);
  new Logger('Escucha').log(`listening on http://localhost:${settings.http.port} (store ${settings.store.driver}, queue ${settings.queue.driver})`);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Escucha failed to start: ${error.message}\n`);
  process.exit(1);
});
