import type { Plan } from '../findings/finding.ts';
import type { ResourceRef, Snapshot } from '../snapshot/schema.ts';

/**
 * The plan lakewarden filed for one finding (store table `filed_plans`, migration 005), written by the
 * scan when it creates or updates the finding's issue. It — not the issue's `lakewarden` property, which
 * any Jira user with edit rights can rewrite — is what an approval applies. Times are ISO-8601 UTC.
 */
export interface FiledPlan {
  fingerprint: string;
  /** The Jira issue the scan filed this plan on; an approval of any other issue is refused. */
  issueId: string;
  issueKey: string;
  ruleId: string;
  resource: ResourceRef;
  plan: Plan;
  /** {@link planHash} of the plan: the plan id shown on the issue. */
  planHash: string;
  estimateUsdPerMonth: number;
  owner: string | null;
  /**
   * What the rule was evaluated on: a one-resource snapshot (the resource with its config and facts as
   * scanned, the window, its workspace and the prices of its cloud). At approval the rule is evaluated
   * again on these facts with a fresh read of the configuration.
   */
  basis: Snapshot;
  filedAt: string;
  updatedAt: string;
}

/** The filed plans (implemented by the kysely store). */
export interface FiledPlanStore {
  /** Inserts or replaces the filed plan of `plan.fingerprint`. */
  saveFiledPlan(plan: FiledPlan): Promise<void>;
  /** @returns the filed plan of this fingerprint, or undefined (never filed, or the store was lost). */
  getFiledPlan(fingerprint: string): Promise<FiledPlan | undefined>;
}
