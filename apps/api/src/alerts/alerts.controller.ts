import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Alert, AlertRule } from '@escucha/core';
import type { AuthedRequest } from '../auth/auth.guard';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { AlertRuleDto, AlertsQuery } from './alerts.dto';
import { AlertsService, RULE_EDITORS } from './alerts.service';

/** Anyone signed in sees rules and alerts; admins and service teams change rules; those who act on alerts ack and resolve them. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('alert-rules')
  listRules(@Req() request: AuthedRequest): Promise<AlertRule[]> {
    return this.alerts.listRules(request.user!.role);
  }

  @Get('alert-rules/:id')
  getRule(@Param('id') id: string, @Req() request: AuthedRequest): Promise<AlertRule> {
    return this.alerts.readRule(id, request.user!.role);
  }

  @Roles(...RULE_EDITORS)
  @Post('alert-rules')
  @Audited('alert-rule.create', { target: (r) => (r.body as { id?: unknown; name?: unknown }).id ?? (r.body as { name?: unknown }).name })
  createRule(@Body() dto: AlertRuleDto): Promise<AlertRule> {
    return this.alerts.createRule(dto);
  }

  @Roles(...RULE_EDITORS)
  @Put('alert-rules/:id')
  @Audited('alert-rule.update', { target: (r) => r.params.id })
  replaceRule(@Param('id') id: string, @Body() dto: AlertRuleDto): Promise<AlertRule> {
    return this.alerts.replaceRule(id, dto);
  }

  @Roles(...RULE_EDITORS)
  @Delete('alert-rules/:id')
  @Audited('alert-rule.delete', { target: (r) => r.params.id })
  @HttpCode(204)
  deleteRule(@Param('id') id: string): Promise<void> {
    return this.alerts.deleteRule(id);
  }

  /** Newest first; `state=open,acknowledged` for what still needs attention. */
  @Get('alerts')
  list(@Query() query: AlertsQuery): Promise<Alert[]> {
    return this.alerts.listAlerts(query);
  }

  @Get('alerts/:id')
  get(@Param('id') id: string): Promise<Alert> {
    return this.alerts.getAlert(id);
  }

  @Roles('admin', 'service', 'marketing')
  @Post('alerts/:id/ack')
  @Audited('alert.acknowledge', { target: (r) => r.params.id })
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Req() request: AuthedRequest): Promise<Alert> {
    return this.alerts.acknowledge(id, request.user!.sub);
  }

  @Roles('admin', 'service', 'marketing')
  @Post('alerts/:id/resolve')
  @Audited('alert.resolve', { target: (r) => r.params.id })
  @HttpCode(200)
  resolve(@Param('id') id: string, @Req() request: AuthedRequest): Promise<Alert> {
    return this.alerts.resolve(id, request.user!.sub);
  }
}
