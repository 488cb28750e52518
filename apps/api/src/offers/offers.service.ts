import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { checkOffer, type Offer } from '@escucha/offers';
import { OFFER_STORE, type OfferStore, type StoredOffer } from '@escucha/store';
import type { OfferDto, SaveOfferDto } from './offers.dto';

const toDto = (offer: StoredOffer): OfferDto => ({
  ...offer,
  createdAt: offer.createdAt.toISOString(),
  updatedAt: offer.updatedAt.toISOString(),
});

/** The offers catalog next best action picks from. */
@Injectable()
export class OffersService {
  constructor(
    @Inject(OFFER_STORE) private readonly offers: OfferStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<OfferDto[]> {
    return (await this.offers.listOffers()).map(toDto);
  }

  async get(id: string): Promise<OfferDto> {
    const offer = await this.offers.getOffer(id);
    if (!offer) throw new AppError('NOT_FOUND', `no offer "${id}"`, 404);
    return toDto(offer);
  }

  async save(id: string, dto: SaveOfferDto): Promise<OfferDto> {
    const offer: Offer = { id, name: dto.name, value: dto.value, rules: dto.rules, active: dto.active };
    if (dto.description !== undefined) offer.description = dto.description;
    if (dto.targets !== undefined) offer.targets = dto.targets;
    checkOffer(offer);
    return toDto(await this.offers.saveOffer(offer, this.clock.now()));
  }
}
