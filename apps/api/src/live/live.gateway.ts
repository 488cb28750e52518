import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Cron, CronExpression, Interval } from '@nestjs/schedule';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { Metrics } from '@escucha/infra';
import { DEFAULT_WINDOW_MINUTES, MAX_WINDOW_MINUTES, MIN_WINDOW_MINUTES, Throttle, type LiveSnapshot } from '@escucha/live';
import type { Role } from '@escucha/store';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { PostPrivacy, seesPersonal } from '../privacy/post-privacy';
import { SOCKET_RECHECK_MS, dropRevokedSockets, mayWatch, watcherHandshake } from '../auth/socket-sessions';
import { LiveWindowService } from './live-window.service';

interface LiveSocketData {
  user: { username: string; role: Role };
  minutes: number;
}

type LiveSocket = Socket<Record<string, never>, { 'live:update': (s: LiveSnapshot) => void; 'live:error': (e: { code: string; message: string }) => void }, Record<string, never>, LiveSocketData>;

/**
 * `/live`: each client picks its window; pushes are sent only when the window changed (new
 * posts, or the minute rolled over). The first change after a quiet spell goes out at once;
 * under load, at most one push per LIVE_THROTTLE_MS, and the minute roll once a minute.
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('LiveGateway');
  @WebSocketServer() private readonly namespace!: Namespace;
  private readonly throttle: Throttle;
  private stopListening?: () => void;
  private lastVersion = -1;
  private lastMinute = -1;

  constructor(
    private readonly live: LiveWindowService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: Metrics,
    private readonly privacy: PostPrivacy,
  ) {
    this.throttle = new Throttle(() => this.tick(), config.live.throttleMs);
  }

  afterInit(namespace: Namespace): void {
    namespace.use(
      watcherHandshake(this.auth, (socket, principal) => {
        socket.data = { user: { username: principal.sub, role: principal.role }, minutes: DEFAULT_WINDOW_MINUTES } satisfies LiveSocketData;
      }),
    );
    this.stopListening = this.live.onChange(() => this.throttle.request());
    // This node's own sockets: in scale-out each API node reports its clients and the sum is the total.
    this.metrics.watchLiveClients(() => namespace.sockets.size);
  }

  /** A signed-out, changed or disabled user's socket (or a deleted key's) stops receiving posts. */
  @Interval('live-session-check', SOCKET_RECHECK_MS)
  async recheckSessions(): Promise<void> {
    const dropped = await dropRevokedSockets(this.auth, this.namespace, mayWatch);
    if (dropped > 0) this.logger.log(`closed ${dropped} live socket(s) whose credential no longer counts`);
  }

  /**
   * Every window ends in the current minute: when it rolls over, each client's window moves. Aside
   * from the throttle: a post in the second after the roll must not wait for its interval to end.
   */
  @Cron(CronExpression.EVERY_MINUTE, { name: 'live-minute-roll' })
  minuteRolled(): void {
    this.throttle.requestAside();
  }

  handleConnection(socket: LiveSocket): void {
    this.push(socket);
  }

  @SubscribeMessage('live:window')
  setWindow(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): void {
    const minutes = (body as { minutes?: unknown } | null)?.minutes;
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < MIN_WINDOW_MINUTES || minutes > MAX_WINDOW_MINUTES) {
      socket.emit('live:error', {
        code: 'BAD_WINDOW',
        message: `minutes must be a whole number from ${MIN_WINDOW_MINUTES} to ${MAX_WINDOW_MINUTES}`,
      });
      return;
    }
    socket.data.minutes = minutes;
    this.push(socket);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    this.throttle.cancel();
  }

  private tick(): void {
    const version = this.live.window.version;
    const minute = this.live.window.currentMinute();
    if (version === this.lastVersion && minute === this.lastMinute) return;
    this.lastVersion = version;
    this.lastMinute = minute;
    // Clients sharing a window length and a view of people share one snapshot per tick.
    const snapshots = new Map<string, LiveSnapshot>();
    for (const socket of this.namespace.sockets.values() as IterableIterator<LiveSocket>) {
      const key = `${socket.data.minutes}|${seesPersonal(socket.data.user.role)}`;
      let snapshot = snapshots.get(key);
      if (!snapshot) snapshots.set(key, (snapshot = this.snapshotFor(socket)));
      socket.emit('live:update', snapshot);
    }
  }

  private push(socket: LiveSocket): void {
    socket.emit('live:update', this.snapshotFor(socket));
  }

  /** Admin and service see whose posts they are (customer ids, for a profile); the others, as History shows them. */
  private snapshotFor(socket: LiveSocket): LiveSnapshot {
    const snapshot = this.live.window.snapshot(socket.data.minutes);
    const role = socket.data.user.role;
    return seesPersonal(role) ? snapshot : { ...snapshot, latest: snapshot.latest.map((post) => this.privacy.livePost(post, role)) };
  }
}
