import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BreakdownQuery, CompareQuery, HistogramQuery, TopQuery } from './history-query.dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/v1/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('histogram')
  histogram(@Query() query: HistogramQuery) {
    return this.history.histogram(query);
  }

  @Get('breakdown')
  breakdown(@Query() query: BreakdownQuery) {
    return this.history.breakdown(query);
  }

  @Get('terms')
  terms(@Query() query: TopQuery) {
    return this.history.terms(query);
  }

  @Get('authors')
  authors(@Query() query: TopQuery) {
    return this.history.authors(query);
  }

  @Get('compare')
  compare(@Query() query: CompareQuery) {
    return this.history.compare(query);
  }
}
