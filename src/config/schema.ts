import { z } from 'zod';
import { AiSection } from './ai-section.ts';
import { ApprovalsSection } from './approvals-section.ts';
import { DatabricksSection } from './databricks-section.ts';
import { JiraSection } from './jira-section.ts';
import { RemediationSection } from './remediation-section.ts';
import { RoutingSection } from './routing-section.ts';
import { RulesSection } from './rules-section.ts';
import { SavingsSection } from './savings-section.ts';
import { SchedulerSection } from './scheduler-section.ts';
import { ServerSection } from './server-section.ts';
import { ServiceSection } from './service-section.ts';

/**
 * `lakewarden.yaml`. Every key is documented with `.describe()` (rendered in docs/configuration.md and in
 * the JSON Schema printed by `lakewarden config schema`). Secrets are never read from this file.
 */
export const LakewardenConfig = z
  .object({
    ai: AiSection,
    approvals: ApprovalsSection,
    databricks: DatabricksSection,
    jira: JiraSection,
    routing: RoutingSection,
    rules: RulesSection,
    remediation: RemediationSection,
    savings: SavingsSection,
    scheduler: SchedulerSection,
    server: ServerSection,
    service: ServiceSection,
    store: z
      .object({
        sqlitePath: z
          .string()
          .default('.lakewarden/lakewarden.db')
          .describe(
            'SQLite file used when DATABASE_URL is not a postgres:// URL. Created (with its folder) and migrated by the first command that opens the store: any write, `serve`, `doctor`, `report`, `actions` and `ai audit`. A dry-run scan only reads it: a missing file reads as an empty store and stays uncreated.',
          ),
      })
      .prefault({}),
  })
  .strict();
export type LakewardenConfig = z.infer<typeof LakewardenConfig>;
