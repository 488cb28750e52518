import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { SENTIMENT_LABELS, type SentimentLabel } from '@escucha/core';

/** Whether the topic ids exist depends on the taxonomy loaded at start, so the service checks that. */
export class CorrectLabelsDto {
  @ApiPropertyOptional({ enum: SENTIMENT_LABELS, description: 'The right sentiment; the score becomes -1, 0 or 1' })
  // Absent is fine only when topics are sent: a correction of nothing is a mistake worth saying.
  @ValidateIf((dto: CorrectLabelsDto) => dto.topics === undefined || dto.sentiment !== undefined)
  @IsDefined({ message: 'send sentiment, topics or both' })
  @IsIn(SENTIMENT_LABELS, { message: `sentiment must be one of ${SENTIMENT_LABELS.join(', ')}` })
  sentiment?: SentimentLabel;

  @ApiPropertyOptional({ type: [String], description: 'The complete list of topic ids that apply (may be empty)', example: ['outage'] })
  @IsOptional()
  @IsArray({ message: 'topics must be an array of topic ids' })
  @ArrayMaxSize(50)
  @IsString({ each: true, message: 'each topic must be a topic id string' })
  @MaxLength(100, { each: true })
  topics?: string[];
}

export class LabelsQuery {
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
  @MaxLength(100)
  cursor?: string;
}

export class LabelDto {
  @ApiProperty() postId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() lang!: string;
  @ApiPropertyOptional({ enum: SENTIMENT_LABELS }) sentiment?: SentimentLabel;
  @ApiPropertyOptional({ type: [String] }) topics?: string[];
  @ApiProperty({ description: 'Who corrected it' }) by!: string;
  @ApiProperty() at!: Date;
}

export class LabelPageDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [LabelDto] }) items!: LabelDto[];
  @ApiPropertyOptional() nextCursor?: string;
}
