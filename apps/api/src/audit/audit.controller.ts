import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppError } from '@escucha/core';
import type { AuditQuery, StoredAuditEntry } from '@escucha/store';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { sendExport, type ExportColumn } from '../common/export.stream';
import { AuditExportQueryDto, AuditPageDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';
import { Audited } from './audited.decorator';

const COLUMNS: ReadonlyArray<ExportColumn<StoredAuditEntry>> = [
  { name: 'at', value: (e) => e.at },
  { name: 'actor', value: (e) => e.actor },
  { name: 'action', value: (e) => e.action },
  { name: 'target', value: (e) => e.target },
  { name: 'ip', value: (e) => e.details?.ip },
  { name: 'details', value: (e) => e.details },
  { name: 'id', value: (e) => e.id },
];

function filter(query: AuditQueryDto): Omit<AuditQuery, 'limit' | 'cursor'> {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from.getTime() >= to.getTime()) throw new AppError('BAD_RANGE', 'from must be before to', 400);
  return { actor: query.actor, action: query.action, target: query.target, from, to };
}

/** Who did what: admin actions and sign-ins, newest first. Admins only. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/audit')
export class AuditController {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.query({ ...filter(query), limit: query.limit ?? 100, cursor: query.cursor });
  }

  /** Every matching entry, streamed: `format=csv|ndjson`. */
  @Get('export')
  @Audited('audit.export', { details: (r) => ({ query: r.query }) })
  @ApiProduces('text/csv', 'application/x-ndjson')
  export(@Query() query: AuditExportQueryDto, @Res() reply: FastifyReply): FastifyReply {
    return sendExport(reply, this.audit.pages(filter(query)), {
      format: query.format ?? 'ndjson',
      filename: 'audit',
      columns: COLUMNS,
      record: (e) => e,
      onCut: (error) => this.logger.error(`audit export cut short: ${error.message}`),
    });
  }
}
