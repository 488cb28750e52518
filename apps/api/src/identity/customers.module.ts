import { Module } from '@nestjs/common';
import { IdentityModule } from '@escucha/identity';
import { CustomerAttentionService } from './customer-attention.service';
import { CustomerProfileService } from './customer-profile.service';
import { CustomersController } from './customers.controller';
import { IdentityLinksController } from './identity-links.controller';

/** The CRM side: customers, their imports and erasure, links to authors, and the agent's profile. */
@Module({
  imports: [IdentityModule],
  controllers: [CustomersController, IdentityLinksController],
  providers: [CustomerProfileService, CustomerAttentionService],
})
export class CustomersModule {}
