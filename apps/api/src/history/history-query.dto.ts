import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../common/export.stream';
import { INTERVALS, REGION_NAMES, SENTIMENT_LABELS, SOURCES, SPLITS, type Interval, type SentimentLabel, type Source, type Split } from '@escucha/core';

/** `a,b` and repeated `?x=a&x=b` both mean a list. */
const toList = ({ value }: { value: unknown }): string[] | undefined => {
  if (value === undefined || value === '') return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
};

const REGION_IDS = Object.keys(REGION_NAMES);

/** As the analyser names brands (entities.ts): not checked against today's brands, since stored posts may carry older ones. */
const ENTITY_ID = /^[a-z0-9][a-z0-9_-]*$/;
const ENTITY_ID_MESSAGE = (name: string) => `${name} must be brand ids: lower-case letters, digits, "-" or "_"`;

/** Filters every history route takes. Dates are ISO-8601; `to` defaults to now and `from` to 24 hours before `to`. */
export class PostFilterQuery {
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Every word must appear' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated', example: 'x,mastodon' })
  @IsOptional()
  @Transform(toList)
  @IsIn(SOURCES, { each: true, message: `source must be among ${SOURCES.join(', ')}` })
  source?: Source[];

  @ApiPropertyOptional({ description: 'Comma-separated', example: 'negative' })
  @IsOptional()
  @Transform(toList)
  @IsIn(SENTIMENT_LABELS, { each: true, message: `sentiment must be among ${SENTIMENT_LABELS.join(', ')}` })
  sentiment?: SentimentLabel[];

  @ApiPropertyOptional({ description: 'Comma-separated topic ids', example: 'outage,billing' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  topic?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated', example: 'complaint,churn' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  intent?: string[];

  @ApiPropertyOptional({
    description: 'Comma-separated region ids, worked out from text and author location at ingest; posts stored before regions were kept match none',
    example: 'caba,cordoba',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(REGION_IDS, { each: true, message: `region must be among ${REGION_IDS.join(', ')}` })
  region?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated brand and competitor ids (GET /api/v1/meta lists them): posts mentioning any', example: 'aurora' })
  @IsOptional()
  @Transform(toList)
  @Matches(ENTITY_ID, { each: true, message: ENTITY_ID_MESSAGE('entity') })
  @MaxLength(64, { each: true })
  entity?: string[];

  @ApiPropertyOptional({
    description: 'Comma-separated brand and competitor ids: posts mentioning any are left out (as the default alert rules leave competitors out)',
    example: 'pampatel,vertice',
  })
  @IsOptional()
  @Transform(toList)
  @Matches(ENTITY_ID, { each: true, message: ENTITY_ID_MESSAGE('excludeEntity') })
  @MaxLength(64, { each: true })
  excludeEntity?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated ISO 639 codes', example: 'es' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  lang?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated author ids, as top authors returns them', example: 'x:12345' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  author?: string[];

  @ApiPropertyOptional({ description: 'A customer id: their records and the posts that carry it (admin and service only)', example: 'C1' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  customer?: string;
}

export class HistogramQuery extends PostFilterQuery {
  @ApiPropertyOptional({ enum: INTERVALS, default: 'hour' })
  @IsOptional()
  @IsIn(INTERVALS, { message: `interval must be one of ${INTERVALS.join(', ')}` })
  interval?: Interval;

  @ApiPropertyOptional({ enum: SPLITS })
  @IsOptional()
  @IsIn(SPLITS, { message: `split must be one of ${SPLITS.join(', ')}` })
  split?: Split;
}

export class TopQuery extends PostFilterQuery {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class BreakdownQuery extends TopQuery {
  @ApiPropertyOptional({ enum: SPLITS, default: 'topic' })
  @IsOptional()
  @IsIn(SPLITS, { message: `split must be one of ${SPLITS.join(', ')}` })
  split?: Split;
}

export class CompareQuery extends PostFilterQuery {
  @ApiPropertyOptional({ description: 'Start of the period to compare with; default: the period of equal length right before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'compareFrom must be an ISO-8601 date-time' })
  compareFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'compareTo must be an ISO-8601 date-time' })
  compareTo?: string;

  @ApiPropertyOptional({ enum: SPLITS, default: 'sentiment' })
  @IsOptional()
  @IsIn(SPLITS, { message: `split must be one of ${SPLITS.join(', ')}` })
  split?: Split;
}

export class SearchQuery extends PostFilterQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class PostExportQuery extends PostFilterQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format?: ExportFormat;
}
