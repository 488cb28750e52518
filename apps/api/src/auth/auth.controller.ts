import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { AuthedRequest } from './auth.guard';
import { LoginDto, LoginResponseDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Public } from './roles.decorator';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @Audited('auth.login', { failures: true })
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@Req() request: AuthedRequest): UserDto {
    return { username: request.user!.sub, role: request.user!.role };
  }
}
