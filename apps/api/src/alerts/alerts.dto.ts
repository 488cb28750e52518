import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ALERT_DIMENSIONS, ALERT_SENSITIVITIES, ALERT_STATES, type AlertChannels, type AlertDimension, type AlertScope, type AlertSensitivity, type AlertState, type QuietHours } from '@escucha/core';

/** The nested objects are checked whole by the rule check in core, which names the bad field. */
export class AlertRuleDto {
  @ApiPropertyOptional({ example: 'outage-cordoba', description: 'Lower-case letters, digits, "-" or "_"; taken from the name when absent' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'id must be 1 to 64 lower-case letters, digits, "-" or "_"' })
  id?: string;

  @ApiProperty({ example: 'Outage in Córdoba' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ example: { intents: ['outage'], regions: ['cordoba'] }, description: 'topics, sentiments, intents, sources, regions, entities, excludeEntities; empty: the whole brand' })
  @IsObject()
  scope!: AlertScope;

  @ApiPropertyOptional({ enum: ALERT_DIMENSIONS, description: 'Judge each value of this dimension on its own baseline' })
  @IsOptional()
  @IsIn(ALERT_DIMENSIONS)
  splitBy?: AlertDimension;

  @ApiPropertyOptional({ enum: ALERT_SENSITIVITIES, default: 'medium' })
  @IsOptional()
  @IsIn(ALERT_SENSITIVITIES)
  sensitivity?: AlertSensitivity;

  @ApiPropertyOptional({ default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  minCount?: number;

  @ApiPropertyOptional({ example: { banner: true, webhook: { url: 'https://hooks.example.com/T000' }, email: { to: ['noc@example.com'] } } })
  @IsOptional()
  @IsObject()
  channels?: AlertChannels;

  @ApiPropertyOptional({ example: { from: '23:00', to: '07:00' } })
  @IsOptional()
  @IsObject()
  quietHours?: QuietHours;

  @ApiPropertyOptional({ default: 6 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  maxPerHour?: number;

  @ApiPropertyOptional({ default: 0, description: '0: each alert at once; else one message per this many minutes' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  digestMinutes?: number;
}

export class AlertsQuery {
  @ApiPropertyOptional({ enum: ALERT_STATES, isArray: true, description: 'Comma-separated' })
  @IsOptional()
  @IsString()
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  rule?: string;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export type AlertStateList = AlertState[];
