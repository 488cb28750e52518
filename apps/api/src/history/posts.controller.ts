import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SearchQuery } from './history-query.dto';
import { HistoryService } from './history.service';

@ApiTags('posts')
@ApiBearerAuth()
@Controller('api/v1/posts')
export class PostsController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  search(@Query() query: SearchQuery) {
    return this.history.search(query);
  }
}
