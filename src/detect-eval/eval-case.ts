// A labeled evaluation case: a bundle, the ids of what the attacker did, and whether the
// account must come out clean. The simulator's drill scenarios will be added in this same shape.
import type { ActivityBundle } from '../detect/types.js';
import type { GroundTruth } from './account-builder.js';

export interface EvalCase {
  name: string;
  /** The incident it models, for the printout. */
  description: string;
  bundle: ActivityBundle;
  groundTruth: GroundTruth;
  /** A clean case passes when no compromise is suspected; an attack case by its precision and recall. */
  expectClean: boolean;
}
