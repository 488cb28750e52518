import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LINK_STATUSES, type IdentityLink, type LinkStatus } from '@escucha/core';
import { IdentityService } from '@escucha/identity';
import { MAX_LINK_PAGE } from '@escucha/store';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';

export class LinksQuery {
  @IsOptional() @IsIn(LINK_STATUSES) status?: LinkStatus;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LINK_PAGE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export class LinkPairDto {
  @IsString() @Matches(/^[a-z]+:.+$/, { message: 'author must be "platform:authorId", e.g. x:123' }) author!: string;
  @IsString() @IsNotEmpty() customerId!: string;
}

interface LinkView {
  author: string;
  customerId: string;
  method: string;
  confidence: number;
  status: string;
  by: string;
  at: string;
  reasons?: string[];
}

const view = (link: IdentityLink): LinkView => ({ ...link, at: link.at.toISOString() });

/** Links tie public authors to customers: admins and the service role only. */
@ApiTags('identity')
@ApiBearerAuth()
@Roles('admin', 'service')
@Controller('api/v1/identity/links')
export class IdentityLinksController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  async list(@Query() query: LinksQuery): Promise<{ total: number; items: LinkView[]; nextCursor?: string }> {
    const page = await this.identity.listLinks(query.status, query.limit ?? 50, query.cursor);
    return { total: page.total, items: page.items.map(view), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** A manual link by a person. */
  @Post()
  @HttpCode(201)
  async link(@Body() body: LinkPairDto, @Req() request: AuthedRequest): Promise<LinkView> {
    return view(await this.identity.linkManually(body.author, body.customerId, request.user!.sub));
  }

  @Post('confirm')
  @HttpCode(200)
  async confirm(@Body() body: LinkPairDto, @Req() request: AuthedRequest): Promise<LinkView> {
    return view(await this.identity.confirm(body.author, body.customerId, request.user!.sub));
  }

  @Post('reject')
  @HttpCode(200)
  async reject(@Body() body: LinkPairDto, @Req() request: AuthedRequest): Promise<LinkView> {
    return view(await this.identity.reject(body.author, body.customerId, request.user!.sub));
  }

  /** Forgets the link; the matcher may propose it again (reject it to stop that). */
  @Post('undo')
  @HttpCode(204)
  async undo(@Body() body: LinkPairDto): Promise<void> {
    await this.identity.undo(body.author, body.customerId);
  }
}
