import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  create(@Body() dto: CreateSourceDto): Promise<SourceDto> {
    return this.sources.create(dto);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string): Promise<SourceDto> {
    return this.sources.setState(id, 'paused');
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string): Promise<SourceDto> {
    return this.sources.setState(id, 'active');
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string): Promise<void> {
    return this.sources.remove(id);
  }
}
