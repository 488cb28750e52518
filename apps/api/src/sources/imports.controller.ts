import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateImportQuery, ImportStatusDto } from './sources.dto';
import { ImportsService } from './imports.service';

@ApiTags('sources')
@ApiBearerAuth()
@Roles('admin', 'analyst')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** 202: the file is in the queue; follow it at GET /api/v1/imports/:id. */
  @Post()
  @Audited('import.create', { details: (r) => ({ query: r.query }) })
  @HttpCode(202)
  @ApiConsumes('text/csv', 'application/x-ndjson', 'message/rfc822', 'application/mbox')
  @ApiBody({ description: 'The file itself as the body (curl --data-binary @notes.csv), at most IMPORT_MAX_BYTES' })
  create(@Query() query: CreateImportQuery, @Body() body: unknown, @Headers('content-type') type?: string): Promise<ImportStatusDto> {
    return this.imports.create(query, body, type);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ImportStatusDto> {
    return this.imports.get(id);
  }
}
