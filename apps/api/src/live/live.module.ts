import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PostPrivacy } from '../privacy/post-privacy';
import { LiveWindowService } from './live-window.service';
import { LiveGateway } from './live.gateway';

@Module({ imports: [AuthModule], providers: [LiveWindowService, LiveGateway, PostPrivacy] })
export class LiveModule {}
