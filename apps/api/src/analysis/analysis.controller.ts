import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Analyzer } from '@escucha/analysis';
import { ANALYZER } from '@escucha/ingest';
import { ExplainRequestDto, ExplanationDto } from './analysis.dto';

@ApiTags('analysis')
@ApiBearerAuth()
@Controller('api/v1/analysis')
export class AnalysisController {
  constructor(@Inject(ANALYZER) private readonly analyzer: Analyzer) {}

  /** The same analysis the pipeline runs, with the terms that moved the sentiment. */
  @Post('explain')
  @HttpCode(200)
  explain(@Body() dto: ExplainRequestDto): ExplanationDto {
    const { enrichment, sentimentTerms, model } = this.analyzer.explain(dto);
    return { ...enrichment, sentimentTerms: [...sentimentTerms], ...(model ? { model: { ...model, contributions: [...model.contributions] } } : {}) };
  }
}
