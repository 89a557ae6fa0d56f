import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readAllInOrder } from '../config/read-all-in-order.ts';
import { ConfigError } from '../errors.ts';
import { ISSUE_CONTEXT_NAMES } from './issue-context.ts';

/** `templates/<name>.yaml`: the wording specific to one rule (Mustache, plain text). */
export const RuleTemplate = z
  .object({
    summary: z.string().min(1).describe('Short phrase after "[lakewarden] <Kind> <name>: " in the issue summary.'),
    problem: z.string().min(1).describe('What is wrong, in one sentence.'),
    impact: z.string().min(1).optional().describe('Why it matters, in one sentence.'),
  })
  .strict();
export type RuleTemplate = z.infer<typeof RuleTemplate>;

/** `templates/_shared/sections.yaml`: the wording every issue shares. */
export const SharedTemplates = z
  .object({
    headings: z.object({
      evidence: z.string().min(1),
      saving: z.string().min(1),
      change: z.string().min(1),
      routing: z.string().min(1),
      next: z.string().min(1),
    }),
    windowLine: z.string().min(1),
    savingLine: z.string().min(1),
    noSavingLine: z.string().min(1),
    includedLine: z.string().min(1),
    cappedLine: z.string().min(1),
    excessLine: z.string().min(1),
    effectiveLine: z.string().min(1),
    formulaLine: z.string().min(1),
    priceLine: z.string().min(1),
    noPriceLine: z.string().min(1),
    riskLine: z.string().min(1),
    restartsLine: z.string().min(1),
    autonomy: z.object({ approval: z.string().min(1), manual: z.string().min(1), auto: z.string().min(1) }),
    footer: z.string().min(1),
  })
  .strict();
export type SharedTemplates = z.infer<typeof SharedTemplates>;

/** Every template lakewarden renders issues with: rule templates by name plus the shared parts. */
export interface TemplateSet {
  rules: ReadonlyMap<string, RuleTemplate>;
  shared: SharedTemplates;
}

export const SHARED_TEMPLATE_FILE = join('_shared', 'sections.yaml');

/**
 * Reads the templates folder: every `<name>.yaml` (rule templates) and `_shared/sections.yaml`.
 * Each template must parse as Mustache and use only the allowlisted context names
 * (`ISSUE_CONTEXT_NAMES`), and every rule's `template` must exist.
 * @param rules the rules to be rendered (`id` for messages, `template` = file name without `.yaml`)
 * @throws ConfigError naming the file (and field) of a missing, unreadable or invalid template, e.g.
 *   `templates/foo.yaml: missing template "foo" for rule "foo"`.
 */
export async function loadTemplates(
  directory: string,
  rules: readonly { id: string; template: string }[],
): Promise<TemplateSet> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => n.endsWith('.yaml')).sort();
  } catch (error) {
    throw new ConfigError(
      `${directory}: cannot read templates folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: error },
    );
  }
  const templates = new Map<string, RuleTemplate>();
  const sharedFile = join(directory, SHARED_TEMPLATE_FILE);
  // Every file is read concurrently (the shared one beside the others), then checked in name order.
  const [sharedRead, texts] = await Promise.all([
    readFile(sharedFile, 'utf8').then(
      (text) => ({ text }),
      (error: unknown) => ({ error }),
    ),
    readAllInOrder(names.map((name) => join(directory, name))),
  ]);
  for (const [index, name] of names.entries()) {
    const file = join(directory, name);
    templates.set(name.replace(/\.yaml$/, ''), parseTemplateText(RuleTemplate, texts[index] as string, file));
  }
  if ('error' in sharedRead) {
    throw new ConfigError(`${sharedFile}: missing shared template (every issue needs it)`, {
      cause: sharedRead.error,
    });
  }
  const shared = parseTemplateText(SharedTemplates, sharedRead.text, sharedFile);
  const missing = rules.filter((r) => !templates.has(r.template));
  if (missing.length > 0) {
    throw new ConfigError(
      missing
        .map((r) => `${join(directory, `${r.template}.yaml`)}: missing template "${r.template}" for rule "${r.id}"`)
        .join('\n'),
    );
  }
  return { rules: templates, shared };
}

/**
 * Parses one template file's YAML text with `schema`, then checks every string in it as Mustache.
 * @throws ConfigError `file: path: message` for YAML, schema, Mustache or allowlist problems.
 */
export function parseTemplateText<T>(schema: z.ZodType<T>, text: string, file: string): T {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  // A few dozen small documents: zod's interpreted parser (`jitless`) costs less than generating its fast path.
  const parsed = schema.safeParse(data, { jitless: true });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'),
    );
  }
  for (const [path, value] of stringLeaves(parsed.data, [])) {
    const problem = checkTemplateNames(value);
    if (problem !== undefined) throw new ConfigError(`${file}: ${path.join('.')}: ${problem}`);
  }
  return parsed.data;
}

/** Returns a problem when a Mustache template does not parse or uses a name outside the allowlist; else undefined. */
export function checkTemplateNames(template: string): string | undefined {
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(template) as unknown[];
  } catch (error) {
    return `invalid Mustache: ${(error as Error).message}`;
  }
  const allowed: readonly string[] = ISSUE_CONTEXT_NAMES;
  const stack = [...tokens];
  while (stack.length > 0) {
    const token = stack.pop() as [string, string, number, number, unknown[]?];
    const [type, value] = token;
    if (type === '>' || type === '=') return `"{{${type}${value}}}" is not allowed (no partials or delimiter changes)`;
    if (type === 'name' || type === '&' || type === '#' || type === '^') {
      const root = value.split('.')[0] ?? '';
      if (value !== '.' && !allowed.includes(root)) {
        return `unknown variable "${value}" (allowed: ${allowed.join(', ')})`;
      }
    }
    if (Array.isArray(token[4])) stack.push(...token[4]);
  }
  return undefined;
}

function* stringLeaves(value: unknown, path: string[]): Generator<[string[], string]> {
  if (typeof value === 'string') {
    yield [path, value];
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* stringLeaves(child, [...path, key]);
  }
}
