/** What a round or drill starts from: a new plan, or a saved session to resume. */
import type { Cluster, Company, DrillVariant } from '../../schemas/constants.js';
import type { Session } from '../../schemas/session.js';
import type { DrillPrompt } from './drill.js';
import type { RoundQuestion } from './round.js';

export type RoundStart =
  | {
      readonly kind: 'new';
      readonly questions: readonly RoundQuestion[];
      readonly minutes: number;
      readonly company?: Company | undefined;
      readonly cluster?: Cluster | undefined;
    }
  | { readonly kind: 'resume'; readonly session: Session };

export type DrillStart =
  | { readonly kind: 'new'; readonly items: readonly DrillPrompt[]; readonly seconds?: number | undefined; readonly variant?: DrillVariant | undefined }
  | { readonly kind: 'resume'; readonly session: Session };
