import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { checkTemplateNames, loadTemplates } from '../../../src/tickets/load-templates.ts';

const shared = `headings: {evidence: E, saving: S, change: C, routing: R, next: N}
windowLine: 'Window {{window.start}}'
savingLine: '{{estimate.usdPerMonth}}'
noSavingLine: none
includedLine: 'in {{estimate.includedIn}}'
cappedLine: 'capped {{estimate.cappedAt}}'
excessLine: 'excess {{estimate.excessUsdPerMonth}}'
formulaLine: '{{estimate.formula}}'
priceLine: '{{estimate.usdPerDbu}}'
effectiveLine: '{{estimate.effectiveUsdPerMonth}}'
noPriceLine: '—'
riskLine: '{{plan.risk}}'
restartsLine: restarts
autonomy: {approval: '{{routing.approvedStatus}}', manual: m, auto: a}
footer: '{{rule.id}}'
`;

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-templates-'));
  await mkdir(join(dir, '_shared'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('loadTemplates', () => {
  it('loads rule templates and the shared parts', async () => {
    const dir = await folder({
      '_shared/sections.yaml': shared,
      'r1.yaml': 'summary: s\nproblem: p {{resource.name}}\n',
    });
    const set = await loadTemplates(dir, [{ id: 'r1', template: 'r1' }]);
    expect(set.rules.get('r1')).toEqual({ summary: 's', problem: 'p {{resource.name}}' });
    expect(set.shared.headings.evidence).toBe('E');
  });

  it('names the missing template and its rule', async () => {
    const dir = await folder({ '_shared/sections.yaml': shared });
    const error = await loadTemplates(dir, [{ id: 'rule-a', template: 'rule-a' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`${join(dir, 'rule-a.yaml')}: missing template "rule-a" for rule "rule-a"`);
  });

  it('rejects a variable outside the allowlisted context, naming file and field', async () => {
    const dir = await folder({
      '_shared/sections.yaml': shared,
      'r1.yaml': "summary: s\nproblem: '{{finding.owner}}'\n",
    });
    await expect(loadTemplates(dir, [])).rejects.toThrow(
      `${join(dir, 'r1.yaml')}: problem: unknown variable "finding.owner"`,
    );
  });

  it('rejects a missing shared file and an unknown template field', async () => {
    const noShared = await mkdtemp(join(tmpdir(), 'lw-templates-'));
    await expect(loadTemplates(noShared, [])).rejects.toThrow(/_shared\/sections\.yaml: missing shared template/);
    const dir = await folder({ '_shared/sections.yaml': shared, 'r1.yaml': 'summary: s\nproblem: p\nbody: x\n' });
    await expect(loadTemplates(dir, [])).rejects.toThrow(/r1\.yaml: .*body/);
  });
});

describe('checkTemplateNames', () => {
  it('accepts allowlisted names, also inside sections', () => {
    expect(checkTemplateNames('{{resource.name}} {{#plan.restarts}}{{plan.risk}}{{/plan.restarts}}')).toBeUndefined();
  });

  it('rejects partials, unknown names in sections and broken Mustache', () => {
    expect(checkTemplateNames('{{> footer}}')).toMatch(/not allowed/);
    expect(checkTemplateNames('{{#plan.restarts}}{{secret}}{{/plan.restarts}}')).toMatch(/unknown variable "secret"/);
    expect(checkTemplateNames('{{#rule.id}}')).toMatch(/invalid Mustache/);
  });
});
