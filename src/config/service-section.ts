import { z } from 'zod';

/** `service:` — the lifecycle of `lakewarden serve` (docs/operations.md). */
export const ServiceSection = z
  .object({
    shutdownGraceSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(25)
      .describe(
        'After SIGTERM/SIGINT: how long in-flight actions, deliveries and jobs may take to finish before the process exits anyway (what is left is resumed from its write-ahead record at the next start). Keep it below the orchestrator grace period (Kubernetes: 30 s).',
      ),
    databricksCheckTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(120)
      .default(10)
      .describe('Start-up reachability check of the Databricks workspace (a warning, never fatal).'),
  })
  .strict()
  .prefault({});
export type ServiceSection = z.infer<typeof ServiceSection>;
