import type { Kysely } from 'kysely';
import type { AiSection } from '../config/ai-section.ts';
import { ConfigError } from '../errors.ts';
import type { AiTables } from './ai-tables.ts';
import { withAudit } from './audit.ts';
import { withCallBudget } from './call-budget.ts';
import type { LanguageModel } from './language-model.ts';
import { createVertexLanguageModel, type VertexLanguageModelOptions } from './vertex-language-model.ts';

/** The AI features once enabled: a model that is budgeted (per UTC day) and audited (every exchange). */
export interface AiServices {
  config: AiSection;
  model: LanguageModel;
  /** The judge for `lakewarden ai eval`, when `ai.judgeModel` is set. */
  judge: LanguageModel | undefined;
}

export interface CreateAiServicesOptions {
  config: AiSection;
  /** GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION from env.ts. */
  project: string | undefined;
  location: string | undefined;
  /** The store's database, typed for the AI tables: `handle.db.withTables<AiTables>()`. */
  db: Kysely<AiTables>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  authClient?: VertexLanguageModelOptions['authClient'];
}

/**
 * Builds the AI services, or returns `undefined` when `ai.enabled` is false — then no AI code path runs
 * and no model client is even constructed. Budget is checked before audit, so a refused call is not
 * sent and leaves no audit row; every call that is sent is audited.
 *
 * @throws ConfigError when AI is enabled without GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION.
 */
export function createAiServices(options: CreateAiServicesOptions): AiServices | undefined {
  const { config } = options;
  if (!config.enabled) return undefined;
  if (options.project === undefined || options.location === undefined)
    throw new ConfigError(
      'ai.enabled is true but GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION are not both set: set them, or set ai.enabled: false',
    );
  const project = options.project;
  const location = options.location;
  const wrap = (model: string): LanguageModel =>
    withCallBudget(
      withAudit(
        createVertexLanguageModel({
          project,
          location,
          model,
          timeoutMs: config.timeoutMs,
          sleep: options.sleep,
          ...(options.authClient === undefined ? {} : { authClient: options.authClient }),
        }),
        options.db,
        options.now,
      ),
      options.db,
      config.maxCallsPerDay,
      options.now,
    );
  return {
    config,
    model: wrap(config.model),
    judge: config.judgeModel === undefined ? undefined : wrap(config.judgeModel),
  };
}
