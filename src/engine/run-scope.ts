// What the steps of one run share (ActionContext.runScope): e.g. one exchange connection per
// account, instead of a new one for every step. It lives as long as the run or resume in this
// process and is dropped when that ends; nothing in it is journaled.
import type { RunScope } from '../actions/types.js';

export class RunScopeStore implements RunScope {
  private readonly values = new Map<string, unknown>();

  shared<T>(key: string, create: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = create();
    this.values.set(key, value);
    if (value instanceof Promise) {
      // A failed value is not kept: the next step (or attempt) makes a new one.
      value.catch(() => {
        if (this.values.get(key) === value) this.values.delete(key);
      });
    }
    return value;
  }

  /** Drops everything (the run ended). */
  clear(): void {
    this.values.clear();
  }
}
