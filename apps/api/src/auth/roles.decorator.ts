import { SetMetadata } from '@nestjs/common';
import type { Role } from '@escucha/store';

export const PUBLIC_ROUTE = 'escucha:public';
export const ROUTE_ROLES = 'escucha:roles';

/** Opens a route to anyone; every other route needs a token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Narrows a route to some roles; without it any signed-in role may call. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);
