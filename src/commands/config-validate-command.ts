import type { LoadedConfig } from '../config/load-config.ts';
import { loadRules, readRuleFiles } from '../rules/load-rules.ts';
import { loadNegotiatedPrices } from '../savings/load-negotiated-prices.ts';
import { loadTemplates } from '../tickets/load-templates.ts';
import type { Output } from './output.ts';

/**
 * `lakewarden config validate`: the configuration file and environment (already validated by loadConfig, unknown
 * keys at any depth included), then the rules and templates exactly as `scan` loads them (rule ids and params in
 * `rules.overrides`, templates of every enabled rule) and the effective-price file, and prints what it read.
 * @throws ConfigError / RuleValidationError listing every problem (exit 2).
 */
export async function configValidate(loaded: LoadedConfig, output: Output): Promise<void> {
  const { rules: section, store } = loaded.config;
  const rules = await loadRules(section.directory, section);
  await loadTemplates(
    section.templatesDirectory,
    rules.map((c) => c.rule),
  );
  const negotiated = await loadNegotiatedPrices(loaded.config.savings.negotiatedPrices);
  const total = (await readRuleFiles(section.directory, section)).filter((r) => r.compiled !== undefined).length;
  output.out(`${loaded.file ?? '(defaults: no lakewarden.yaml)'}: valid`);
  output.out(`  rules:     ${section.directory} (${total} rules, ${rules.length} enabled)`);
  output.out(`  templates: ${section.templatesDirectory}`);
  output.out(
    `  prices:    list${
      negotiated === undefined
        ? ''
        : ` and negotiated (${negotiated.source}: ${negotiated.effectivePrices.length} SKU prices, ${Object.keys(negotiated.discounts).length} group discounts)`
    }`,
  );
  output.out(
    `  store:     ${
      loaded.env.DATABASE_URL?.startsWith('postgres') === true
        ? 'Postgres (DATABASE_URL)'
        : `SQLite ${store.sqlitePath}`
    }`,
  );
}
