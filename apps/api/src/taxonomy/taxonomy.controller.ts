import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseQuery, QuerySyntaxError, type Analyzer, type Taxonomy } from '@escucha/analysis';
import { AppError } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import { QueryValidationDto, ValidateQueryDto } from './taxonomy.dto';

@ApiTags('taxonomy')
@ApiBearerAuth()
@Controller('api/v1/taxonomy')
export class TaxonomyController {
  constructor(@Inject(ANALYZER) private readonly analyzer: Analyzer) {}

  /** The taxonomy posts are categorised with now. */
  @Get()
  current(): Taxonomy {
    return this.analyzer.taxonomy;
  }

  /** Checks a topic query before it is saved: a bad one is a 400 with the position and the reason. */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() dto: ValidateQueryDto): QueryValidationDto {
    try {
      parseQuery(dto.query);
      return { valid: true };
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      throw new AppError('INVALID_QUERY', error.message, 400, { position: error.position, reason: error.reason });
    }
  }
}
