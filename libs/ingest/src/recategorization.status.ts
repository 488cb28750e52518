import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';

export interface RecategorizationStatus {
  /** Taxonomy version history is being brought to. */
  version: number;
  state: 'running' | 'done' | 'superseded';
  processed: number;
  /** Posts stored when it started; posts ingested meanwhile are categorised on arrival. */
  total: number;
  startedAt: string;
  finishedAt?: string;
}

/**
 * Progress of the last re-categorisation, kept in a file under DATA_DIR so it reads the
 * same after a restart. Written by the job, read by the API.
 */
@Injectable()
export class RecategorizationProgress {
  private readonly file: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.file = join(config.dataDir, 'recategorization.json');
  }

  async get(): Promise<RecategorizationStatus | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as RecategorizationStatus;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async set(status: RecategorizationStatus): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(status));
    await rename(temp, this.file);
  }
}
