import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AlertsController } from './alerts.controller';
import { AlertsGateway } from './alerts.gateway';
import { AlertsService } from './alerts.service';

@Module({ imports: [AuthModule], controllers: [AlertsController], providers: [AlertsService, AlertsGateway] })
export class AlertsModule {}
