import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ValidateQueryDto {
  @ApiProperty({ example: '("sin señal" OR corte*) AND NOT fibra' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  query!: string;
}

export class QueryValidationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ required: false, description: '1-based character position of the problem' }) position?: number;
  @ApiProperty({ required: false }) reason?: string;
}
