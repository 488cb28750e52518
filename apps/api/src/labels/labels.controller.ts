import { Body, Controller, Get, Header, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Post } from '@escucha/core';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import type { MaybeCorrected } from './corrected-posts';
import { CorrectLabelsDto, LabelPageDto, LabelsQuery } from './labels.dto';
import { LabelsService } from './labels.service';

/** Analysts correct the analysis of a post; each correction is kept as a training label. */
@ApiTags('labels')
@ApiBearerAuth()
@Roles('admin', 'analyst')
@Controller('api/v1')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  /** Updates the stored post (History and search show the correction) and records the label. */
  @Patch('posts/:id/labels')
  correct(@Param('id') id: string, @Body() dto: CorrectLabelsDto, @Req() request: AuthedRequest): Promise<MaybeCorrected<Post>> {
    return this.labels.correct(id, dto, request.user!.sub);
  }

  @Get('labels')
  list(@Query() query: LabelsQuery): Promise<LabelPageDto> {
    return this.labels.list(query);
  }

  /** The JSONL `escucha train --input labels.jsonl` reads: `{text, lang?, sentiment?, topics?}` a line. */
  @Get('labels/export')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="labels.jsonl"')
  @ApiProduces('application/x-ndjson')
  export(): Promise<string> {
    return this.labels.exportJsonl();
  }
}
