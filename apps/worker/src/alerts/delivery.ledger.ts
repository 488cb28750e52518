import type { SettingsStore } from '@escucha/store';

const KEY = 'alerts.delivery';
const HOUR_MS = 3_600_000;

export interface PendingDigest {
  since: number;
  alertIds: string[];
}

interface LedgerDocument {
  /** Per rule: when its webhook and email messages went out in the last hour. */
  sent: Record<string, number[]>;
  digests: Record<string, PendingDigest>;
}

/**
 * What delivery must remember across a take-over: the messages each rule sent in the last hour
 * (its rate limit) and the digests still being collected. Kept in the settings store, so the next
 * holder of the detection lease continues them instead of sending a rule's hourly allowance
 * again or dropping the alerts a digest held. Only the lease holder writes; each save is
 * compare-and-set on the version, so a holder that lost the lease without knowing cannot
 * overwrite what the new one saved: its save fails and it reloads.
 */
export class DeliveryLedger {
  private version = 0;
  private sent = new Map<string, number[]>();
  private digests = new Map<string, PendingDigest>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly now: () => number,
  ) {}

  async load(): Promise<void> {
    const stored = await this.settings.get(KEY);
    const value = (stored?.value ?? { sent: {}, digests: {} }) as LedgerDocument;
    this.version = stored?.version ?? 0;
    this.sent = new Map(Object.entries(value.sent ?? {}));
    this.digests = new Map(Object.entries(value.digests ?? {}));
  }

  /** Messages `ruleId` sent in the hour before now. */
  sentInLastHour(ruleId: string): number {
    return this.recent(ruleId).length;
  }

  async recordSent(ruleId: string): Promise<void> {
    this.sent.set(ruleId, [...this.recent(ruleId), this.now()]);
    await this.save();
  }

  async hold(ruleId: string, alertId: string): Promise<void> {
    const digest = this.digests.get(ruleId) ?? { since: this.now(), alertIds: [] };
    this.digests.set(ruleId, { since: digest.since, alertIds: [...digest.alertIds, alertId] });
    await this.save();
  }

  pendingDigests(): Array<[string, PendingDigest]> {
    return [...this.digests];
  }

  async dropDigest(ruleId: string): Promise<void> {
    if (!this.digests.delete(ruleId)) return;
    await this.save();
  }

  private recent(ruleId: string): number[] {
    const from = this.now() - HOUR_MS;
    return (this.sent.get(ruleId) ?? []).filter((t) => t > from);
  }

  private async save(): Promise<void> {
    const sent: Record<string, number[]> = {};
    for (const ruleId of this.sent.keys()) {
      const recent = this.recent(ruleId);
      if (recent.length > 0) sent[ruleId] = recent;
    }
    const document: LedgerDocument = { sent, digests: Object.fromEntries(this.digests) };
    if (await this.settings.put(KEY, this.version + 1, document, new Date(this.now()))) {
      this.version += 1;
      return;
    }
    // Another process holds the lease now and saved first: its view wins.
    await this.load();
    throw new Error('alert delivery state was saved by another process (the detection lease moved)');
  }
}
