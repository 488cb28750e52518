import { ApiProperty } from '@nestjs/swagger';

export class RejectedRecordDto {
  @ApiProperty({ description: 'Position of the record in the batch (0-based)' }) index!: number;
  @ApiProperty({ example: 'author.handle: is required' }) error!: string;
}

export class IngestResponseDto {
  @ApiProperty({ description: 'Posts durably queued for enrichment' }) accepted!: number;
  @ApiProperty({ type: [RejectedRecordDto] }) rejected!: RejectedRecordDto[];
}
