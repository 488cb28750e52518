import { Module } from '@nestjs/common';
import { ANALYZER, analyzerProvider } from './analyzer.provider';
import { IngestService } from './ingest.service';

@Module({ providers: [IngestService, analyzerProvider], exports: [IngestService, ANALYZER] })
export class IngestModule {}
