import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsNumber, IsObject, IsOptional, IsString, Length, Min } from 'class-validator';
import type { EligibilityRule, OfferTargets } from '@escucha/offers';

/**
 * An offer as an admin writes it. The rules are a tagged union the class validator cannot
 * express; the domain check (`checkOffer`) judges them and names the field that is wrong.
 */
export class SaveOfferDto {
  @ApiProperty({ example: 'Fiber 300' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Symmetric 300 Mb at home, 12 months at half price' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  @ApiProperty({ description: 'What one acceptance is worth to the company', example: 120 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value!: number;

  @ApiProperty({
    description: 'All must hold: {kind:"minAge",years}, {kind:"notOwned",product}, {kind:"owns",product}, {kind:"consent",purpose:"marketing"}, {kind:"segment",in:[…]}',
    example: [{ kind: 'minAge', years: 18 }, { kind: 'notOwned', product: 'fiber' }, { kind: 'consent', purpose: 'marketing' }],
  })
  @IsArray()
  rules!: EligibilityRule[];

  @ApiPropertyOptional({ description: 'What makes it relevant: topics or intents the customer talks about, or churn risk (retention)', example: { topics: ['coverage'] } })
  @IsOptional()
  @IsObject()
  targets?: OfferTargets;

  @ApiProperty({ description: 'Inactive offers keep their history but are never recommended' })
  @IsBoolean()
  active!: boolean;
}

export class OfferDto extends SaveOfferDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Answers of customers since erased, kept as counts', example: { accepted: 0, declined: 0 } })
  erased!: { accepted: number; declined: number };
}
