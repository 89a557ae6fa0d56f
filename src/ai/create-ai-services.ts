import type { Kysely } from 'kysely';
import { type AiSection, DEFAULT_VERTEX_MODEL } from '../config/ai-section.ts';
import { ConfigError } from '../errors.ts';
import type { AskData, ScanAi } from '../findings/ai-port.ts';
import type { AiTables } from './ai-tables.ts';
import { analyzeFindings } from './analyze-findings.ts';
import { loadAskData, saveAskData } from './ask-data.ts';
import { withAudit } from './audit.ts';
import { withCallBudget } from './call-budget.ts';
import type { LanguageModel } from './language-model.ts';
import { createOpenAiChatLanguageModel } from './openai-chat-language-model.ts';
import { createVertexLanguageModel, type VertexLanguageModelOptions } from './vertex-language-model.ts';

/** The AI features once enabled: a model that is budgeted (per UTC day) and audited (every exchange). */
export interface AiServices extends ScanAi {
  config: AiSection;
  model: LanguageModel;
  /** The judge for `lakewarden ai eval --judge`, when `ai.judgeModel` is set. */
  judge: LanguageModel | undefined;
  /** What `/lakewarden ask` may read in `serve`: saved by each scan that files issues (ask-data.ts). */
  askData: {
    save: ScanAi['askData']['save'];
    load(ref: { workspaceId: string; kind: string; id: string }): Promise<AskData>;
  };
}

/** The endpoint settings each provider needs, read from the environment by src/config (never here). */
export interface AiProviderEnvironment {
  /** GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION, for `vertex`. */
  project: string | undefined;
  location: string | undefined;
  /**
   * For `databricks`: the workspace URL (DATABRICKS_HOST) and its bearer token source — the same token
   * provider (PAT or OAuth M2M, cached and refreshed) that collection uses.
   */
  databricks?: { host: string; token: () => Promise<string> } | undefined;
  /** OPENAI_BASE_URL / OPENAI_API_KEY, for `openai-compatible`. */
  openAiBaseUrl?: string | undefined;
  openAiApiKey?: string | undefined;
}

export interface CreateAiServicesOptions extends AiProviderEnvironment {
  config: AiSection;
  /** The store's database, typed for the AI tables: `handle.db.withTables<AiTables>()`. */
  db: Kysely<AiTables>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  authClient?: VertexLanguageModelOptions['authClient'];
  /** Injected in tests of the OpenAI-compatible providers. */
  fetch?: typeof fetch;
}

/**
 * Builds the AI services, or returns `undefined` when `ai.enabled` is false — then no AI code path runs
 * and no model client is even constructed. Budget is checked before audit, so a refused call is not
 * sent and leaves no audit row; every call that is sent is audited, whatever the provider.
 *
 * @throws ConfigError when AI is enabled and the chosen provider's settings are missing (which variable).
 */
export function createAiServices(options: CreateAiServicesOptions): AiServices | undefined {
  const { config } = options;
  if (!config.enabled) return undefined;
  const build = modelFactory(options);
  const wrap = (model: string): LanguageModel =>
    withCallBudget(withAudit(build(model), options.db, options.now), options.db, config.maxCallsPerDay, options.now);
  const model = config.model ?? (config.provider === 'vertex' ? DEFAULT_VERTEX_MODEL : undefined);
  if (model === undefined)
    throw new ConfigError(`ai.provider is ${config.provider} but ai.model is not set: name the model to use`);
  const services: AiServices = {
    config,
    model: wrap(model),
    judge: config.judgeModel === undefined ? undefined : wrap(config.judgeModel),
    analyze: (findings, logger) => analyzeFindings(findings, services, logger),
    askData: {
      save: async (input) => {
        await saveAskData(options.db, input);
      },
      load: (ref) => loadAskData(options.db, ref),
    },
  };
  return services;
}

/** The unwrapped adapter constructor of the configured provider, after checking its settings. */
function modelFactory(options: CreateAiServicesOptions): (model: string) => LanguageModel {
  const { config } = options;
  switch (config.provider) {
    case 'vertex': {
      const { project, location } = options;
      if (project === undefined || location === undefined)
        throw new ConfigError(
          'ai.enabled is true with ai.provider vertex but GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION are not both set: set them, or set ai.enabled: false',
        );
      return (model) =>
        createVertexLanguageModel({
          project,
          location,
          model,
          timeoutMs: config.timeoutMs,
          sleep: options.sleep,
          ...(options.authClient === undefined ? {} : { authClient: options.authClient }),
        });
    }
    case 'databricks': {
      const workspace = options.databricks;
      if (workspace === undefined)
        throw new ConfigError(
          'ai.provider is databricks but no Databricks workspace credentials are set: set DATABRICKS_HOST and DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET)',
        );
      return (model) =>
        createOpenAiChatLanguageModel({
          service: 'databricks',
          baseUrl: `${workspace.host.replace(/\/+$/, '')}/serving-endpoints`,
          apiKey: workspace.token,
          model,
          region: new URL(workspace.host).hostname,
          timeoutMs: config.timeoutMs,
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        });
    }
    case 'openai-compatible': {
      const { openAiBaseUrl, openAiApiKey } = options;
      if (openAiBaseUrl === undefined || openAiApiKey === undefined)
        throw new ConfigError(
          `ai.provider is openai-compatible but ${openAiBaseUrl === undefined ? 'OPENAI_BASE_URL' : 'OPENAI_API_KEY'} is not set: set it, or choose another ai.provider`,
        );
      return (model) =>
        createOpenAiChatLanguageModel({
          service: 'openai-compatible',
          baseUrl: openAiBaseUrl,
          apiKey: openAiApiKey,
          model,
          region: new URL(openAiBaseUrl).hostname,
          timeoutMs: config.timeoutMs,
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        });
    }
    default: {
      const never: never = config.provider;
      throw new ConfigError(`unknown ai.provider ${String(never)}`);
    }
  }
}
