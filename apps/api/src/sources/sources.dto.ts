import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IMPORT_FORMATS, SOURCES, SOURCE_ID, SOURCE_KINDS, SOURCE_STATES, type ImportFormat, type Source, type SourceKind, type SourceState } from '@escucha/core';

export class CreateSourceDto {
  @ApiProperty({ example: 'callcenter-live', description: 'Lower-case letters, digits, "-" or "_"; used in the webhook URL' })
  @Matches(SOURCE_ID, { message: 'id must be 1 to 64 lower-case letters, digits, "-" or "_"' })
  id!: string;

  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS, { message: `kind must be one of ${SOURCE_KINDS.join(', ')}` })
  kind!: SourceKind;

  @ApiProperty({ example: 'Call center notes' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: SOURCES, description: 'The `source` its posts get when a record does not say' })
  @IsIn(SOURCES, { message: `channel must be one of ${SOURCES.join(', ')}` })
  channel!: Source;

  @ApiPropertyOptional({ enum: SOURCE_STATES, default: 'active' })
  @IsOptional()
  @IsIn(SOURCE_STATES, { message: `state must be one of ${SOURCE_STATES.join(', ')}` })
  state?: SourceState;

  @ApiPropertyOptional({
    description: 'Stored encrypted, never returned. A webhook needs {"secret": "<at least 32 characters>"}; a Facebook source {"appSecret", "verifyToken", "userToken" (for backfills), "pageIds" (optional, comma-separated)}',
    example: { secret: '<openssl rand -hex 32>' },
  })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string>;
}

export class SourceStatsDto {
  @ApiPropertyOptional() lastEventAt?: string;
  @ApiProperty({ description: 'Events in the last minute, summed over every node' }) eventsLastMinute!: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() lastErrorAt?: string;
}

export class SourceConnectorDto {
  @ApiProperty({ description: 'Whether the stream is open now, in the process holding it (false when no process has sampled it lately)' }) connected!: boolean;
  @ApiProperty({ description: 'Payloads that did not parse, counted and skipped' }) malformed!: number;
  @ApiProperty({ description: 'Connections opened again after one ended' }) reconnects!: number;
  @ApiProperty({ description: 'Posts seen twice (a replay or backfill overlapping the stream) and handed on once' }) duplicates!: number;
  @ApiPropertyOptional({ description: 'Requests left in the rate-limit window, where the service says' }) rateLimitRemaining?: number;
  @ApiProperty() sampledAt!: string;
}

export class SourceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SOURCE_KINDS }) kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SOURCES }) channel!: string;
  @ApiProperty({ enum: SOURCE_STATES }) state!: string;
  @ApiProperty({ description: 'Whether credentials are stored; they are never returned' }) hasCredentials!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: SourceStatsDto }) stats!: SourceStatsDto;
  @ApiPropertyOptional({ type: SourceConnectorDto, description: 'Streaming connectors (x, bluesky, mastodon) only' }) connector?: SourceConnectorDto;
}

export class CreateImportQuery {
  @ApiProperty({ description: 'A registered source of kind "import"' })
  @Matches(SOURCE_ID, { message: 'sourceId must be a source id' })
  sourceId!: string;

  @ApiPropertyOptional({
    enum: IMPORT_FORMATS,
    description: 'By default from Content-Type (text/csv, application/x-ndjson, message/rfc822, application/mbox)',
  })
  @IsOptional()
  @IsIn(IMPORT_FORMATS, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` })
  format?: ImportFormat;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Line of the file the row starts on (1-based; a CSV header is line 1; an mbox message starts at its "From " line)' }) line!: number;
  @ApiPropertyOptional({ description: 'For eml and mbox imports, the number of the message in the file (1-based)' }) message?: number;
  @ApiProperty({ example: 'createdAt: is required' }) error!: string;
}

export class ImportStatusDto {
  @ApiProperty() id!: string;
  @ApiProperty() sourceId!: string;
  @ApiProperty({ enum: IMPORT_FORMATS }) format!: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) state!: string;
  @ApiProperty() bytes!: number;
  @ApiProperty({ description: 'Rows read so far, good and bad' }) processed!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [ImportRowErrorDto], description: 'The first 1,000 bad rows' }) errors!: ImportRowErrorDto[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiPropertyOptional() error?: string;
}
