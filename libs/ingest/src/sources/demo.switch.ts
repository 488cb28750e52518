import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, isDemoEnabled, type AppConfig } from '@escucha/config';
import { CLOCK, type Clock } from '@escucha/core';
import { SOURCE_STORE, type SourceStore } from '@escucha/store';

/** How long an answer is reused: /health is polled by load balancers, and the demo lease renews every 5 s. */
const TTL_MS = 2_000;

/**
 * Whether the demo stream should feed the store now. `DEMO=on` and `off` say so; `auto` (the
 * default) runs it only while nothing real is configured: no network stream in the settings and
 * no source in the registry, whichever way it got there (SOURCES_FILE, the Sources page, the API).
 * So the first webhook or Facebook page an admin adds stops the demo within seconds on every
 * process, instead of fictional posts going on landing beside the real ones.
 */
@Injectable()
export class DemoSwitch {
  private cached?: { on: boolean; until: number };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SOURCE_STORE) private readonly sources: SourceStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async on(): Promise<boolean> {
    if (!isDemoEnabled(this.config)) return false;
    if (this.config.demo.mode === 'on') return true;
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.on;
    const on = (await this.sources.list()).length === 0;
    this.cached = { on, until: now + TTL_MS };
    return on;
  }
}
