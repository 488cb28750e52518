import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard';
import { CreateUserDto, ManagedUserDto, UpdateUserDto, UserDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Audited('user.create', { target: (r) => (r.body as { username?: unknown }).username, details: (r) => ({ role: (r.body as { role?: unknown }).role }) })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.auth.createUser(dto.username, dto.password, dto.role);
  }

  @Get()
  list(): Promise<ManagedUserDto[]> {
    return this.auth.listUsers();
  }

  /** Sets a password, a role or the disabled flag; any of them signs the user out of every session at once. */
  @Patch(':username')
  update(@Param('username') username: string, @Body() dto: UpdateUserDto, @Req() request: AuthedRequest): Promise<ManagedUserDto> {
    return this.auth.updateUser(request.user!, username, dto);
  }
}
