import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { parseQuery, QuerySyntaxError, type Taxonomy } from '@escucha/analysis';
import { AppError } from '@escucha/core';
import type { RecategorizationStatus } from '@escucha/ingest';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { QueryValidationDto, ValidateQueryDto } from './taxonomy.dto';
import { TaxonomyService } from './taxonomy.service';

@ApiTags('taxonomy')
@ApiBearerAuth()
@Controller('api/v1/taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomies: TaxonomyService) {}

  /** The taxonomy posts are categorised with now. */
  @Get()
  current(): Taxonomy {
    return this.taxonomies.current();
  }

  /** Replaces the taxonomy (the server assigns the next version) and re-categorises history in the background. */
  @Put()
  @Roles('admin', 'analyst')
  @Audited('taxonomy.save', { target: (r) => (r.body as { id?: unknown } | undefined)?.id })
  @ApiBody({ description: '{id, groups: [{id, label?: {es, en}, query: "…" | {es, en}}]}' })
  replace(@Body() body: unknown): Promise<{ taxonomy: Taxonomy; recategorization: RecategorizationStatus }> {
    return this.taxonomies.replace(body);
  }

  /** Progress of the last re-categorisation of history. */
  @Get('recategorization')
  recategorization(): Promise<RecategorizationStatus> {
    return this.taxonomies.recategorization();
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
