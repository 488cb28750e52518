/** Ids handed on lately, oldest forgotten first: enough to drop what a replay or backfill overlaps. */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 20_000) {}

  /** True the first time an id is offered. */
  admit(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }

  /** Lets an id through again (its hand-off failed, so a replay must not be dropped). */
  forget(id: string): void {
    this.ids.delete(id);
  }
}
