import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ConfigError, loadConfig, type AppConfig } from '@escucha/config';
import { AppLogger, InfrastructureModule } from '@escucha/infra';
import { MetricsListener } from './metrics.listener';
import { WorkerModule } from './worker.module';

function config(): AppConfig {
  try {
    const loaded = loadConfig();
    if (loaded.queue.driver === 'inline') {
      throw new ConfigError(['QUEUE: the inline queue lives inside the API process (npm start); a separate worker needs QUEUE=bullmq']);
    }
    return loaded;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const settings = config();
  // ScheduleModule here, not in WorkerModule: the API process that embeds the worker registers it once itself.
  // The metrics listener too: embedded, the worker's figures are in the API's own /metrics.
  @Module({ imports: [InfrastructureModule.forRoot(settings), ScheduleModule.forRoot(), WorkerModule], providers: [MetricsListener] })
  class WorkerAppModule {}
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { logger: new AppLogger(settings) });
  app.enableShutdownHooks();
  new Logger('Worker').log('worker started');
}

// Like the API: a start-up failure (Redis or Elasticsearch unreachable) is one clear line and exit
// code 1, not an unhandled rejection's stack trace.
bootstrap().catch((error: Error) => {
  process.stderr.write(`Escucha worker failed to start: ${error.message}\n`);
  process.exit(1);
});
