import { join } from 'node:path';
import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { connectRedis, throttled } from '@escucha/queue';
import { UsersController } from '../users/users.controller';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { FileTokenRevocations } from './revocations/file.token-revocations';
import { RedisTokenRevocations } from './revocations/redis.token-revocations';
import { TOKEN_REVOCATIONS, type TokenRevocations } from './revocations/token-revocations.port';
import { RequestLimiter } from './request.limiter';
import { SignInLimiter } from './sign-in.limiter';

/** Scale-out's Redis for what every API node must agree on per request: revoked tokens and sign-in counts. Absent in one process. */
const AUTH_REDIS = Symbol('AuthRedis');

async function openAuthRedis(config: AppConfig): Promise<Redis | undefined> {
  if (config.queue.driver !== 'bullmq') return undefined;
  const logger = new Logger('Auth');
  // Checked on every request: while Redis is down a command fails at once (503, and the sign-in
  // limits fall back to memory) instead of waiting in ioredis's offline queue. Auto-pipelining
  // sends the checks of the requests handled in one turn of the event loop as one write: one
  // socket write per request was about a tenth of the API's CPU under one-post requests.
  return connectRedis(
    config.queue.url,
    { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true },
    throttled((message) => logger.warn(message)),
  );
}

@Injectable()
class AuthShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(AUTH_REDIS) private readonly redis: Redis | undefined,
    @Inject(TOKEN_REVOCATIONS) private readonly revocations: TokenRevocations,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.revocations.close();
    this.redis?.disconnect();
  }
}

@Module({
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [
    { provide: AUTH_REDIS, useFactory: openAuthRedis, inject: [APP_CONFIG] },
    {
      provide: TOKEN_REVOCATIONS,
      useFactory: (config: AppConfig, clock: Clock, redis: Redis | undefined): Promise<TokenRevocations> | TokenRevocations =>
        redis ? new RedisTokenRevocations(redis) : FileTokenRevocations.open(join(config.dataDir, 'auth-revocations.json'), clock),
      inject: [APP_CONFIG, CLOCK, AUTH_REDIS],
    },
    {
      provide: SignInLimiter,
      useFactory: (config: AppConfig, redis: Redis | undefined) => new SignInLimiter(config.auth.loginLimits, redis),
      inject: [APP_CONFIG, AUTH_REDIS],
    },
    {
      provide: RequestLimiter,
      useFactory: (config: AppConfig, redis: Redis | undefined) => new RequestLimiter(config.auth.requestsPerMinute, redis),
      inject: [APP_CONFIG, AUTH_REDIS],
    },
    ApiKeysService,
    AuthService,
    AuthShutdown,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
