import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, UserDto } from '../auth/auth.dto';
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
  list(): Promise<UserDto[]> {
    return this.auth.listUsers();
  }
}
