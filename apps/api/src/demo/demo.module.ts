import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { DemoController } from './demo.controller';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [IngestModule], controllers: [DemoController], providers: [DemoDataService] })
export class DemoModule {}
