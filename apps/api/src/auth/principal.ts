import type { ApiKeyScope, Role } from '@escucha/store';
import type { TokenClaims } from './token.service';

/** Who is calling: a signed-in person (a JWT) or a machine (an API key). */
export interface Principal {
  /** The username, or `api-key:<id>` for a key. */
  sub: string;
  /** A key acts as an analyst, narrowed further by its scope. */
  role: Role;
  token?: TokenClaims;
  apiKey?: { id: string; name: string; scope: ApiKeyScope };
}

/** Keys carry this prefix, so a bearer value tells at a glance which kind of credential it is. */
export const API_KEY_PREFIX = 'esk_';
