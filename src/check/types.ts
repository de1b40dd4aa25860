// The checklist's vocabulary: every item says pass, fail, manual (a person must look) or skip
// (does not apply, or could not be checked), why, and how to fix it.
import type { StoredAccount, StoreKind } from '../secrets/types.js';
import type { KeyInspector } from './key-inspector.js';

export type CheckStatus = 'pass' | 'fail' | 'manual' | 'skip';

export interface CheckItem {
  id: string;
  title: string;
  status: CheckStatus;
  /** A failed required item makes `kit check` exit 1. */
  required: boolean;
  reason: string;
  fix?: string;
  /** Set when --fix repaired it. */
  fixed?: boolean;
}

export interface CheckContext {
  cwd: string;
  kitHome: string;
  envFile: string;
  fix: boolean;
  now: Date;
  storeKind: StoreKind;
  /** Credentials of every connected account; empty when none or when the store could not be read. */
  accounts: StoredAccount[];
  /** Why the store could not be read (e.g. no master password without a terminal). */
  storeProblem?: string;
  inspector: KeyInspector;
}
