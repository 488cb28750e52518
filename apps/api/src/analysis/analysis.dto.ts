import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ExplainRequestDto {
  @ApiProperty({ example: 'No anda internet desde ayer, re caro para lo que es' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  text!: string;

  @ApiPropertyOptional({ example: 'es' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z]{2})?$/, { message: 'lang must be an ISO 639 code such as es or en' })
  lang?: string;
}

export class SentimentTermDto {
  @ApiProperty() term!: string;
  @ApiProperty({ description: 'Signed contribution after negation, intensity and contrast' }) weight!: number;
}

export class ExplanationDto {
  @ApiProperty() lang!: string;
  @ApiProperty({ example: { label: 'negative', score: -0.7 } }) sentiment!: { label: string; score: number };
  @ApiProperty() topics!: string[];
  @ApiProperty() intents!: string[];
  @ApiProperty() entities!: string[];
  @ApiProperty({ type: [SentimentTermDto] }) sentimentTerms!: SentimentTermDto[];
  @ApiPropertyOptional({ description: 'When a trained model decides sentiment: its version, class probabilities and top features' })
  model?: { version: number; probabilities: Record<string, number>; contributions: Array<{ feature: string; weight: number }> };
}
