import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptSha256 } from '../../../src/ai/prompt-hash.ts';
import { actionKey } from '../../../src/approvals/action-key.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { Finding } from '../../../src/findings/finding.ts';
import { canonicalJson } from '../../../src/json/canonical-json.ts';
import { planHash } from '../../../src/remediation/plan-hash.ts';
import { sameValue } from '../../../src/remediation/same-value.ts';
import { resolveRoute } from '../../../src/routing/resolve-route.ts';
import { evaluateSnapshot } from '../../../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { loadSnapshot } from '../../../src/snapshot/load-snapshot.ts';
import { computeHistoryHash } from '../../../src/store/history-store.ts';
import { buildDraft } from '../../../src/tickets/build-draft.ts';
import { loadTemplates, type TemplateSet } from '../../../src/tickets/load-templates.ts';
import { renderIssue } from '../../../src/tickets/render-issue.ts';
import { oneFindingPerRule } from '../../support/one-finding-per-rule.ts';

/*
 * Values computed with the code as it was before the canonicalJson copies were merged (issue #12). Every
 * stored content hash, fingerprint, action key, plan hash and history hash must stay what it was, so the
 * first rescan after an upgrade makes zero Jira writes and existing hash chains still verify.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ctx = { routedBy: 'tag owner', approvedStatus: 'Ready to Fix', declinedStatus: 'Not Doing' };
const route = {
  kind: 'team' as const,
  team: 'payments',
  assignee: 'ana@example.com',
  components: ['payments', 'data'],
  labels: ['team-payments'],
  routedBy: 'tag team=payments',
  owner: 'payments',
};

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One line per finding: fingerprint, content hash of its issue draft, plan hash (or -). */
function pinsOf(findings: readonly Finding[], templates: TemplateSet, routeOf: (f: Finding) => typeof route) {
  return findings
    .map((finding) => {
      const rendered = renderIssue(finding, templates, ctx);
      const draft = buildDraft(finding, routeOf(finding), rendered, 'acc-123');
      const plan = finding.plan === undefined ? '-' : planHash({ resource: finding.resource, ...finding.plan });
      return `${finding.ruleId} ${finding.fingerprint} ${draft.contentHash} ${plan}`;
    })
    .sort();
}

describe('canonical JSON edge cases keep their text', () => {
  it('sorts keys by UTF-16 code units, drops undefined members, writes numbers as JSON does', () => {
    const value = {
      z: 1,
      é: 2,
      Z: 3,
      '😀': 4,
      '\uffff': 5,
      a10: 6,
      a9: 7,
      '': 8,
      gone: undefined,
      nested: [[1, [2, []]], { b: null, a: [{ d: undefined, c: -0 }] }],
      numbers: [-0, 0, 1e21, 1e-7, 0.1 + 0.2, -1.5e300, 2 ** 53 + 1, 5e-324],
      text: 'a"b\\c\n\u2028\u0000é😀',
    };
    const expected =
      '{"":8,"Z":3,"a10":6,"a9":7,"nested":[[1,[2,[]]],{"a":[{"c":0}],"b":null}],"numbers":[0,0,1e+21,1e-7,0.30000000000000004,-1.5e+300,9007199254740992,5e-324],"text":"a\\"b\\\\c\\n\u2028\\u0000é😀","z":1,"é":2,"😀":4,"\uffff":5}';
    expect(canonicalJson(value)).toBe(expected);
  });

  it('sameValue compares canonical forms (key order and undefined members do not matter)', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2, d: undefined }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(-0, 0)).toBe(true);
  });
});

describe('hashes stored today are unchanged', () => {
  let templates: TemplateSet;
  let oneEach: Finding[];
  beforeAll(async () => {
    oneEach = oneFindingPerRule();
    templates = await loadTemplates(
      resolve(ROOT, 'templates'),
      oneEach.map((f) => ({ id: f.ruleId, template: f.template })),
    );
  });

  it('fingerprint, content hash and plan hash of one finding of every rule', () => {
    expect(pinsOf(oneEach, templates, () => route)).toMatchInlineSnapshot(`
      [
        "cluster-idle-running 7aeda9238f223b30 d2d0acad83e389b53c9de1339eb7617bfbaffdcdeffbc78dca4b89f5c26fca35 aa0d77aa303604ff84b6c9d228f1ee0eeb1cdf287b3aa3a668d6915c1af38034",
        "cluster-memory-pressure d77b62b2d358aaa6 461d01be145750a6959b6efddd1bf0e0b25d283be02ad0066aee86e3fac60c76 d5093bbd8051df5777cffb1a223e1398bfa0fa6cf7e05e340b36eaffc42c7363",
        "cluster-missing-tags ea09c91ed322fc64 bc23a32c77a3c6fdd8eb14ed557d44003cbf2775d60cd3f7da744ddeabd9f430 ca5497c7a2f9d7201c2efb15523c1da9699ebdc5d5f8e4aebda82982929d8296",
        "cluster-no-auto-termination 3d48b2aa2779c92f a839f911a06575f617284306798c43433d3820207809a4b9fee2ab7f07846585 b4369e23ba5d335babdce344e4dbad61513173ffaf1cde1ec64ac2b8d5874d66",
        "cluster-unsupported-runtime fc7c44dcad2f9a47 22b0630e272e14c5e4a3423cd01fa1535e3d61c405ec8797ac814451648a2264 0ac21c77db8669cfe00ca0ac192991f35a1b58f50e81889307c8412ee3306fef",
        "job-missing-tags 51820d1cb4bd45aa b9044251f742936e9801acd0ae23fd9cdf1b421dbc85bc0df892f35ba03fc37c efd5c4c0783108617052c05d7a51bee7a5256802a060daccdd4c1484e3402cd9",
        "job-no-timeout-runaway 6fe3b1d161a30e93 6080745d82aebbf256c3e47076c22917fa938c64d60a9acf3a54331acab13048 33da04b5a5466ad17750ef1578cedbdfa9dc58b6ed7a6ab7f16a2569786afb9d",
        "job-on-all-purpose-compute bcceeb9e9927015d a1b2281a74086205f4bd7b8780dab83f1a5ef63085c3d1cfefaa959d8540cd8b 9858dd01407c490e33028880e4a1aff3813d3c84cf24d9c052be60b7273080b8",
        "job-repeated-failures 043b0924ffe9f53b 9966c9096cb2b5e2e682260d0c72d6adfdb1d4fa3884ee6d2fce253088e172d0 212f80e9556a90f03e3ae4698402d2b1a50d4a8534bc95704fca058d8f2ebe38",
        "job-unbounded-retries 930d9fa26e9aa18c 7e10498611e13ff9a0dd190eda86f681074ea06c443a8fa0f5d7fa59175762d2 f07ccbfef13d147967de81779da7080e4f4fbb99d3961defd96b56f2e46a9d88",
        "warehouse-auto-stop-too-long 1d4b5c44fca7ef5e c7c8cb9aeb9a2652c504321e1a515a54b608965e6ecb9104bd55951580f07135 4b171b379db74fe3297027f052dbaf07b2c1a8f642d79f2bcb076c4323ebe9ba",
        "warehouse-idle-extra-clusters f818d4aa8780a3eb f42bc56678cec91c301c75468f92bb94005857d53e56a2a01ffefa95275081ad 118d692c6f7d9504513cfc5c540b9c14d8a0cfc9c77f0cfb8dd4db235d1ae49c",
        "warehouse-missing-tags daa1cc61f88f46c0 002cf8e5b3bc11ee157841b0352b0dbe394c1367146db52d35a94acf270aefcb c894ba191a8a57e6b9af93d5970b43f0785f33e86e20e7c644596eeda04f1c04",
        "warehouse-oversized a292730a887287ee db08a41dff4d8d7513917dc656f8cab9c72276cd71ee790eceda04097c28d9a4 7f20e7fbea44d9d59120f88bcccb933329ee710a47bc40ee062e7a066b34b7f4",
        "warehouse-undersized f0ca227fbcbfac26 c7a95e25288d574ca1c648c648e18f91bffe5c917eb8d97a231dddb81ea0ed12 928df1d71e048e683eef0213de033edccce88dcc4fb47b38ca884945e937a069",
      ]
    `);
  });

  it('every finding of the example account (the demo): one digest over fingerprints, content hashes, plan hashes', async () => {
    const loaded = await loadConfig({ path: resolve(ROOT, 'examples/lakewarden.yaml'), env: {} });
    const rules = await loadRules(resolve(loaded.baseDir, loaded.config.rules.directory), loaded.config.rules);
    const demoTemplates = await loadTemplates(
      resolve(loaded.baseDir, loaded.config.rules.templatesDirectory),
      rules.map((c) => c.rule),
    );
    const snapshot = await loadSnapshot(resolve(ROOT, 'examples/sample-account.json'));
    const { findings, errors } = evaluateSnapshot(snapshot, rules);
    expect(errors).toEqual([]);
    const routing = loaded.config.routing;
    const lines = pinsOf(findings, demoTemplates, (f) => {
      const resource = snapshot.resources.find((r) => r.id === f.resource.id && r.kind === f.resource.kind);
      return { ...route, ...resolveRoute(resource as never, routing) } as typeof route;
    });
    expect(lines.length).toMatchInlineSnapshot(`134`);
    expect(sha(lines.join('\n'))).toMatchInlineSnapshot(
      `"2b40a2c7e38c089f0f6e6fae2636d94821c3cc2dd7d6364584304efd7cdee946"`,
    );
  });

  it('action keys', () => {
    const changes = [
      { field: 'auto_stop_mins', after: 10 },
      { field: 'tags', after: { owner: 'ana@example.com', cost_center: 'é1', skip: undefined } },
      { field: 'min_num_clusters', after: -0 },
      { field: 'spark_conf', after: [1e21, null, 'x'] },
    ];
    expect(
      actionKey({ fingerprint: '0123456789abcdef', strategy: 'set-auto-stop', changes, changelogId: '10042' }),
    ).toMatchInlineSnapshot(`"b1bcc6ad202a696d7bc2c98933b4d8070f32e2e62dafc87efe116414eb22a2cb"`);
    expect(
      actionKey({
        fingerprint: 'fedcba9876543210',
        strategy: 'set-auto-termination',
        changes: [{ field: 'autotermination_minutes', after: 60 }],
        changelogId: '7',
      }),
    ).toMatchInlineSnapshot(`"be75022b5d3fe421e3f15bac8e5fcfa9b7c70d94510b0d45c8896d020720326b"`);
  });

  it('plan hashes with undefined and nested values', () => {
    expect(
      planHash({
        resource: { workspaceId: '123', kind: 'warehouse', id: 'wh-1' },
        strategy: 'set-auto-stop',
        changes: [
          { field: 'auto_stop_mins', after: 10 },
          { field: 'x', after: undefined },
          { field: 'tags', after: { b: [1, { z: 'ü', a: -0 }], a: null } },
        ],
      }),
    ).toMatchInlineSnapshot(`"3d9e2c417463f747542aa47ee6370188d47c0dfb8d14b66412aba790fa32a022"`);
  });

  it('history chain hashes', () => {
    const first = computeHistoryHash('0'.repeat(64), {
      seq: 1,
      actionId: 'act-1',
      at: '2026-11-02T10:00:00.000Z',
      event: { event: 'approved', approver: { accountId: 'acc-1', displayName: 'Ana Ñ' }, changes: [1, [2]] },
    });
    const second = computeHistoryHash(first, {
      seq: 2,
      actionId: 'act-1',
      at: '2026-11-02T10:00:01.000Z',
      event: { event: 'applied', observed: { auto_stop_mins: 10, big: 1e21, neg: -0 } },
    });
    expect([first, second]).toMatchInlineSnapshot(`
      [
        "f2812cd280467814c96145edb144e647c75a845bc3d89ef6c4e3c0d1ec1086e0",
        "395ba643b88beaf16235868fd0a6f51a4ca6eb2a85313283baec9d3f8e586203",
      ]
    `);
  });

  it('AI prompt hashes (recordings are keyed by them)', () => {
    expect(
      promptSha256({
        purpose: 'analysis',
        system: 'You are lakewarden.',
        messages: [
          { role: 'user', parts: [{ text: 'Why is warehouse é idle?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_facts', args: { id: 'wh-1', window: [7, 30] } } }] },
        ],
        responseJsonSchema: { type: 'object', required: ['why'], properties: { why: { type: 'string' } } },
      }),
    ).toMatchInlineSnapshot(`"d74e53079c11f01f62255ce05ccc251e69a3e673f2473a3b48721899c4658ac5"`);
  });
});
