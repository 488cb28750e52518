import type { Ref } from 'vue';

export interface BusyState {
  /** The key of the action under way (a row's id, `new`), so only that row's controls wait. */
  busy: Ref<string | null>;
  /** What went wrong last, for the view to say; cleared when an action starts. */
  error: Ref<Error | null>;
}

/** Runs one action of a page or store: the action's answer, or undefined when it failed (the error is in `state.error`). */
export async function runBusy<T>(state: BusyState, key: string, action: () => Promise<T>): Promise<T | undefined> {
  state.busy.value = key;
  state.error.value = null;
  try {
    return await action();
  } catch (e) {
    state.error.value = e as Error;
    return undefined;
  } finally {
    state.busy.value = null;
  }
}
