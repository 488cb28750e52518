import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Post } from '@escucha/core';
import type { FastifyReply } from 'fastify';
import { Audited } from '../audit/audited.decorator';
import type { AuthedRequest } from '../auth/auth.guard';
import { PostPrivacy, type PrivatePost } from '../privacy/post-privacy';
import { sendExport, type ExportColumn } from '../common/export.stream';
import type { MaybeCorrected } from '../labels/corrected-posts';
import { PostExportQuery, SearchQuery } from './history-query.dto';
import { HistoryService } from './history.service';

type ExportedPost = PrivatePost<MaybeCorrected<Post>>;

const COLUMNS: ReadonlyArray<ExportColumn<ExportedPost>> = [
  { name: 'id', value: (p) => p.id },
  { name: 'createdAt', value: (p) => p.createdAt },
  { name: 'source', value: (p) => p.source },
  { name: 'channel', value: (p) => p.channel },
  { name: 'lang', value: (p) => p.lang },
  { name: 'text', value: (p) => p.text },
  { name: 'url', value: (p) => p.url },
  { name: 'authorId', value: (p) => p.author.id },
  { name: 'authorHandle', value: (p) => p.author.handle },
  { name: 'authorName', value: (p) => p.author.name },
  { name: 'authorFollowers', value: (p) => p.author.followers },
  { name: 'sentiment', value: (p) => p.sentiment.label },
  { name: 'sentimentScore', value: (p) => p.sentiment.score },
  { name: 'topics', value: (p) => p.topics },
  { name: 'intents', value: (p) => p.intents },
  { name: 'entities', value: (p) => p.entities },
  // Empty both for posts named no place and for posts stored before regions were kept.
  { name: 'regions', value: (p) => p.regions },
  { name: 'likes', value: (p) => p.metrics.likes },
  { name: 'reposts', value: (p) => p.metrics.reposts },
  { name: 'replies', value: (p) => p.metrics.replies },
  { name: 'campaign', value: (p) => p.campaign },
  { name: 'customerId', value: (p) => p.customerId },
  { name: 'customerRef', value: (p) => p.customerRef },
  { name: 'corrected', value: (p) => (p.corrected ? 'true' : 'false') },
  { name: 'ingestedAt', value: (p) => p.ingestedAt },
];

@ApiTags('posts')
@ApiBearerAuth()
@Controller('api/v1/posts')
export class PostsController {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly history: HistoryService,
    private readonly privacy: PostPrivacy,
  ) {}

  /** Analysts and marketing get posts of customers and internal channels with pseudonymous ids (see PostPrivacy). */
  @Get()
  async search(@Query() query: SearchQuery, @Req() request: AuthedRequest) {
    const role = request.user?.role;
    this.privacy.checkCustomerFilter(query.customer, role);
    const page = await this.history.search(query);
    return { ...page, items: this.privacy.posts(page.items, role) };
  }

  /**
   * Every post the same search finds (the filters of GET /api/v1/posts), streamed as CSV
   * (lists joined with `|`) or NDJSON (one post a line, as the search returns it).
   */
  @Get('export')
  // Taking everything a search finds is the bulk path out of the platform: worth a record of who did it.
  @Audited('posts.export', { details: (r) => ({ query: r.query }) })
  @ApiProduces('text/csv', 'application/x-ndjson')
  async export(@Query() query: PostExportQuery, @Req() request: AuthedRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const role = request.user?.role;
    this.privacy.checkCustomerFilter(query.customer, role);
    const privacy = this.privacy;
    const pages = this.history.pages(query);
    // The first page is asked for before any header is sent, so a bad filter is still a clean 400.
    const iterator = pages[Symbol.asyncIterator]();
    const first = await iterator.next();
    async function* all(): AsyncIterable<ExportedPost[]> {
      if (!first.done) yield privacy.posts(first.value, role);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield privacy.posts(next.value, role);
    }
    return sendExport(reply, all(), {
      format: query.format ?? 'csv',
      filename: 'posts',
      columns: COLUMNS,
      record: (p) => p,
      onCut: (error) => this.logger.error(`posts export cut short: ${error.message}`),
    });
  }
}
