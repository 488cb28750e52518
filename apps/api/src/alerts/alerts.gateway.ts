import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { toAlertNotice, type AlertNotice } from '@escucha/core';
import { LIVE_BUS, type LiveBus } from '@escucha/live';
import { ALERT_STORE, type AlertStore } from '@escucha/store';
import type { Namespace, Socket } from 'socket.io';
import { Interval } from '@nestjs/schedule';
import { AuthService } from '../auth/auth.service';
import { SOCKET_RECHECK_MS, dropRevokedSockets, mayWatch, watcherHandshake } from '../auth/socket-sessions';

type AlertsSocket = Socket<Record<string, never>, { 'alerts:open': (alerts: AlertNotice[]) => void; 'alerts:update': (alerts: AlertNotice[]) => void }>;

/**
 * `/alerts`: the banner. On connect a client gets the alerts still open; then every change
 * (opened, updated, acknowledged, resolved) as it happens, from whichever process made it,
 * over the live bus.
 */
@WebSocketGateway({ namespace: '/alerts' })
export class AlertsGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('AlertsGateway');
  private namespace?: Namespace;
  private stopListening?: () => void;

  constructor(
    private readonly auth: AuthService,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(ALERT_STORE) private readonly store: AlertStore,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    namespace.use(watcherHandshake(this.auth));
    this.stopListening = this.bus.subscribe((batch) => {
      if (batch.alerts && batch.alerts.length > 0) namespace.emit('alerts:update', batch.alerts);
    });
  }

  async handleConnection(socket: AlertsSocket): Promise<void> {
    try {
      const open = await this.store.listAlerts({ states: ['open', 'acknowledged'], limit: 50 });
      socket.emit('alerts:open', open.map(toAlertNotice));
    } catch (error) {
      this.logger.warn(`open alerts not sent to a new client: ${(error as Error).message}`);
    }
  }

  @Interval('alerts-session-check', SOCKET_RECHECK_MS)
  async recheckSessions(): Promise<void> {
    if (this.namespace) await dropRevokedSockets(this.auth, this.namespace, mayWatch);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }
}
