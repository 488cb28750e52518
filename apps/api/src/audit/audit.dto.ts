import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../common/export.stream';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Username (or `anonymous`), exactly' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  actor?: string;

  @ApiPropertyOptional({ description: 'e.g. user.create, taxonomy.save, auth.login, auth.login_failed' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  action?: string;

  @ApiPropertyOptional({ description: 'What it was done to, exactly' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  target?: string;

  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class AuditExportQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'ndjson' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format?: ExportFormat;
}

export class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() action!: string;
  @ApiPropertyOptional() target?: string;
  @ApiPropertyOptional({ type: Object, description: 'Client address (ip) and facts about the action' }) details?: Record<string, unknown>;
  @ApiProperty() at!: Date;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiPropertyOptional() nextCursor?: string;
}
