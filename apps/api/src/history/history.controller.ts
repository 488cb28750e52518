import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BreakdownQuery, CompareQuery, HistogramQuery, TopQuery } from './history-query.dto';
import type { AuthedRequest } from '../auth/auth.guard';
import { PostPrivacy } from '../privacy/post-privacy';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/v1/history')
export class HistoryController {
  constructor(
    private readonly history: HistoryService,
    private readonly privacy: PostPrivacy,
  ) {}

  // Counts are aggregates, but counting one customer's posts by topic is their profile: the customer filter stays with the personal roles.
  @Get('histogram')
  histogram(@Query() query: HistogramQuery, @Req() request: AuthedRequest) {
    this.privacy.checkCustomerFilter(query.customer, request.user?.role);
    return this.history.histogram(query);
  }

  @Get('breakdown')
  breakdown(@Query() query: BreakdownQuery, @Req() request: AuthedRequest) {
    this.privacy.checkCustomerFilter(query.customer, request.user?.role);
    return this.history.breakdown(query);
  }

  @Get('terms')
  terms(@Query() query: TopQuery, @Req() request: AuthedRequest) {
    this.privacy.checkCustomerFilter(query.customer, request.user?.role);
    return this.history.terms(query);
  }

  @Get('authors')
  async authors(@Query() query: TopQuery, @Req() request: AuthedRequest) {
    this.privacy.checkCustomerFilter(query.customer, request.user?.role);
    const { items } = await this.history.authors(query);
    return { items: this.privacy.authors(items, request.user?.role) };
  }

  @Get('compare')
  compare(@Query() query: CompareQuery, @Req() request: AuthedRequest) {
    this.privacy.checkCustomerFilter(query.customer, request.user?.role);
    return this.history.compare(query);
  }
}
