import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { API_KEY_SCOPES, ROLES, type ApiKeyScope, type Role } from '@escucha/store';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class UserDto {
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class LoginResponseDto {
  @ApiProperty() token!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class CreateUserDto {
  @ApiProperty({ example: 'ana' })
  @IsString()
  @Matches(/^[a-z0-9._-]{2,64}$/, { message: 'username must be 2 to 64 characters of a-z, 0-9, dot, dash or underscore' })
  username!: string;

  @ApiProperty({ description: 'At least PASSWORD_MIN_LENGTH characters and not a common password' })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class ManagedUserDto extends UserDto {
  @ApiProperty() disabled!: boolean;
  @ApiProperty() createdAt!: string;
}

/** Any of the three; each change signs the user out of every session. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'A new password, under the password policy' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: 'At least PASSWORD_MIN_LENGTH characters and not a common password' })
  @IsString()
  @MaxLength(256)
  newPassword!: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'crm feeder' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES })
  @IsIn(API_KEY_SCOPES)
  scope!: ApiKeyScope;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time such as 2027-01-01T00:00:00Z' })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: API_KEY_SCOPES }) scope!: ApiKeyScope;
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Written at most once per API_KEY_TOUCH_SECONDS per API node' }) lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself, shown this once: only its hash is kept' }) key!: string;
}
