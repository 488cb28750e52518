import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, UserDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { Roles } from '../auth/roles.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.auth.createUser(dto.username, dto.password, dto.role);
  }

  @Get()
  list(): Promise<UserDto[]> {
    return this.auth.listUsers();
  }
}
