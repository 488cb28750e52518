import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@escucha/store';

export const PUBLIC_ROUTE = 'escucha:public';
export const ROUTE_ROLES = 'escucha:roles';

/** Opens a route to anyone; every other route needs a token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Narrows a route to some roles; without it any signed-in role may call. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

export const KEY_SCOPES = 'escucha:key-scopes';

/**
 * Opens a route to API keys of these scopes beyond what a key may do by default (a `read` key
 * reads what an analyst reads). Only routes marked here accept an `ingest` key.
 */
export const KeyScopes = (...scopes: ApiKeyScope[]) => SetMetadata(KEY_SCOPES, scopes);

export const NO_REQUEST_LIMIT = 'escucha:no-request-limit';

/**
 * Leaves a route out of the per-caller request limit (API_RATE_LIMIT_PER_MINUTE). For ingest:
 * senders there are held back by the workers' lag instead (INGEST_MAX_LAG_SECONDS), and a
 * one-post-per-request sender legitimately sends thousands a minute.
 */
export const NoRequestLimit = () => SetMetadata(NO_REQUEST_LIMIT, true);
