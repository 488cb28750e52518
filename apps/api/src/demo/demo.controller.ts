import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DemoRemovalStatus } from '@escucha/core';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { DemoDataService, type DemoDataStatus } from './demo-data.service';

/** The demo's data: still there or not, and its removal once a real source is configured. */
@ApiTags('demo')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/demo')
export class DemoController {
  constructor(private readonly demo: DemoDataService) {}

  @Get()
  status(): Promise<DemoDataStatus> {
    return this.demo.status();
  }

  /** 202: the removal is queued (durably); GET follows it. 409 while the demo runs, 404 when there is nothing to remove. */
  @Delete()
  @HttpCode(202)
  @Audited('demo.remove')
  remove(): Promise<DemoRemovalStatus> {
    return this.demo.remove();
  }
}
