import { Module } from '@nestjs/common';
import { CustomerImportProgress } from './customer-import.progress';
import { IdentityService } from './identity.service';

@Module({
  providers: [IdentityService, CustomerImportProgress],
  exports: [IdentityService, CustomerImportProgress],
})
export class IdentityModule {}
