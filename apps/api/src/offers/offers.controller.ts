import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { OfferDto, SaveOfferDto } from './offers.dto';
import { OffersService } from './offers.service';

@ApiTags('offers')
@ApiBearerAuth()
@Controller('api/v1/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  /** Agents see the catalog they recommend from; only admins change it. */
  @Get()
  @Roles('admin', 'service')
  list(): Promise<OfferDto[]> {
    return this.offers.list();
  }

  @Get(':id')
  @Roles('admin', 'service')
  get(@Param('id') id: string): Promise<OfferDto> {
    return this.offers.get(id);
  }

  @Put(':id')
  @Roles('admin')
  save(@Param('id') id: string, @Body() dto: SaveOfferDto): Promise<OfferDto> {
    return this.offers.save(id, dto);
  }
}
