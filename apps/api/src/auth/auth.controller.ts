import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { AuthedRequest } from './auth.guard';
import { ChangePasswordDto, LoginDto, LoginResponseDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Public } from './roles.decorator';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Failed attempts are limited per username and address: 429 with Retry-After past the limit. */
  @Public()
  @Post('login')
  @Audited('auth.login', { failures: true })
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: AuthedRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password, request.ip ?? request.socket.remoteAddress ?? 'unknown');
  }

  /** Revokes the presented token at once, on every API node. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  logout(@Req() request: AuthedRequest): Promise<void> {
    return this.auth.logout(request.user!);
  }

  /** Changes the caller's own password; every earlier token of theirs stops working, and a new one is answered. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  changePassword(@Body() dto: ChangePasswordDto, @Req() request: AuthedRequest): Promise<LoginResponseDto> {
    return this.auth.changeOwnPassword(request.user!, dto.currentPassword, dto.newPassword);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@Req() request: AuthedRequest): UserDto {
    return { username: request.user!.sub, role: request.user!.role };
  }
}
