import { Injectable } from '@nestjs/common';
import { declaredSourceSchema } from '@escucha/config';
import { ValidationError, type SourceState } from '@escucha/core';
import { SourceRegistry, type SourceView } from '@escucha/ingest';
import type { CreateSourceDto } from './sources.dto';

/** The admin's view of the registry; the rules for a new source are the SOURCES_FILE's. */
@Injectable()
export class SourcesService {
  constructor(private readonly registry: SourceRegistry) {}

  list(): Promise<SourceView[]> {
    return this.registry.list();
  }

  get(id: string): Promise<SourceView> {
    return this.registry.view(id);
  }

  create(dto: CreateSourceDto): Promise<SourceView> {
    const parsed = declaredSourceSchema.safeParse(dto);
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'source'}: ${issue.message}`).join('; '));
    }
    return this.registry.create(parsed.data);
  }

  setState(id: string, state: SourceState): Promise<SourceView> {
    return this.registry.setState(id, state);
  }

  remove(id: string): Promise<void> {
    return this.registry.remove(id);
  }
}
