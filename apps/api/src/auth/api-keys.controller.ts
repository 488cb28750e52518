import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeysService } from './api-keys.service';
import type { AuthedRequest } from './auth.guard';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './auth.dto';
import { Roles } from './roles.decorator';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The answer's `key` is the only time the key is shown. */
  @Post()
  create(@Body() dto: CreateApiKeyDto, @Req() request: AuthedRequest): Promise<CreatedApiKeyDto> {
    return this.keys.create(dto, request.user!.sub);
  }

  @Get()
  list(): Promise<ApiKeyDto[]> {
    return this.keys.list();
  }

  /** Refused from the next request on, on every API node. */
  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id') id: string): Promise<void> {
    return this.keys.revoke(id);
  }
}
