import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateSourceDto, SourceDto } from './sources.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  list(): Promise<SourceDto[]> {
    return this.sources.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<SourceDto> {
    return this.sources.get(id);
  }

  @Post()
  @Audited('source.create', { target: (r) => (r.body as { id?: unknown }).id, details: (r) => ({ kind: (r.body as { kind?: unknown }).kind }) })
  create(@Body() dto: CreateSourceDto): Promise<SourceDto> {
    return this.sources.create(dto);
  }

  @Post(':id/pause')
  @Audited('source.pause', { target: (r) => r.params.id })
  @HttpCode(200)
  pause(@Param('id') id: string): Promise<SourceDto> {
    return this.sources.setState(id, 'paused');
  }

  @Post(':id/resume')
  @Audited('source.resume', { target: (r) => r.params.id })
  @HttpCode(200)
  resume(@Param('id') id: string): Promise<SourceDto> {
    return this.sources.setState(id, 'active');
  }

  @Delete(':id')
  @Audited('source.delete', { target: (r) => r.params.id })
  @HttpCode(204)
  remove(@Param('id') id: string): Promise<void> {
    return this.sources.remove(id);
  }
}
