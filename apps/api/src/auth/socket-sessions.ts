import type { Namespace, Socket } from 'socket.io';
import type { AuthService } from './auth.service';
import type { Principal } from './principal';

/** How often open sockets have their credential checked again: a revoked token's socket closes within this. */
export const SOCKET_RECHECK_MS = 5_000;

/** Sockets are for reading (live window, alert banner): people and read keys; an ingest key only sends posts. */
export function mayWatch(principal: Principal): boolean {
  return principal.apiKey?.scope !== 'ingest';
}

/** The principal a socket's handshake credential stands for now, or undefined when it no longer counts. */
export function socketPrincipal(auth: AuthService, socket: Socket): Promise<Principal | undefined> {
  const token: unknown = socket.handshake.auth?.token;
  return auth.authenticate({ authorization: typeof token === 'string' ? `Bearer ${token}` : undefined });
}

/**
 * The handshake middleware of every watching namespace: lets in a socket whose credential counts
 * and may watch, after `admit` has set what the namespace keeps about it.
 */
export function watcherHandshake(auth: AuthService, admit?: (socket: Socket, principal: Principal) => void): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    socketPrincipal(auth, socket)
      .then((principal) => {
        if (!principal || !mayWatch(principal)) return next(new Error('unauthorized'));
        admit?.(socket, principal);
        next();
      })
      .catch((error: Error) => next(new Error(`unavailable: ${error.message}`)));
  };
}

/**
 * A socket is authenticated once, at connect; logging out, a password or role change, disabling
 * the user or deleting the API key must close it too. Each tick checks every open socket's
 * credential again (the revocation check is one Redis round trip or a memory lookup) and
 * disconnects those that no longer count. A check that fails for another reason (Redis down)
 * keeps the socket: the HTTP API refuses meanwhile, and the next tick decides.
 */
export async function dropRevokedSockets(auth: AuthService, namespace: Namespace, allowed: (principal: Principal) => boolean): Promise<number> {
  let dropped = 0;
  await Promise.all(
    [...namespace.sockets.values()].map(async (socket) => {
      let principal: Principal | undefined;
      try {
        principal = await socketPrincipal(auth, socket);
      } catch {
        return;
      }
      if (principal && allowed(principal)) return;
      dropped++;
      socket.disconnect(true);
    }),
  );
  return dropped;
}
