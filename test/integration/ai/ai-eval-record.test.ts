import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAiServices } from '../../../src/ai/create-ai-services.ts';
import { aiEvalCommand } from '../../../src/ai/eval/ai-eval-command.ts';
import { Recording } from '../../../src/ai/eval/recording.ts';
import { AiSection } from '../../../src/config/ai-section.ts';
import { type ChatReply, useFakeChatCompletions } from '../../support/fake-chat-completions.ts';
import { createMemoryLogger, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { HOST } from '../databricks/fake-databricks.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SERVING = `${HOST}/serving-endpoints`;
const GATEWAY = 'https://llm-gateway.example.internal/v1';
const CASES = ['warehouse-oversized-analysis', 'warehouse-oversized-ask-cost'];

/** eval/ copied to a temp folder with only `CASES` and none of their recordings. */
async function evalWithoutRecordings(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-eval-record-'));
  await cp(join(ROOT, 'eval'), join(dir, 'eval'), { recursive: true });
  for (const file of await readdir(join(dir, 'eval/cases')))
    if (!CASES.includes(file.replace(/\.yaml$/, ''))) await rm(join(dir, 'eval/cases', file));
  for (const id of CASES) await rm(join(dir, `eval/recordings/${id}.json`));
  return dir;
}

/** What the live model answers, in call order: the committed authored responses, as chat completions. */
async function scriptedReplies(): Promise<ChatReply[]> {
  const replies: ChatReply[] = [];
  for (const id of CASES) {
    const recording = Recording.parse(JSON.parse(await readFile(join(ROOT, `eval/recordings/${id}.json`), 'utf8')));
    for (const [turn, { response }] of recording.exchanges.entries())
      replies.push(
        response.functionCalls.length > 0
          ? {
              toolCalls: response.functionCalls.map((c, i) => ({
                id: `call_${turn}_${i}`,
                name: c.name,
                args: c.args,
              })),
            }
          : { text: response.text ?? '' },
      );
  }
  return replies;
}

function options(root: string, overrides: Partial<Parameters<typeof aiEvalCommand>[0]>) {
  return {
    root,
    casesDir: 'eval/cases',
    recordingsDir: 'eval/recordings',
    rulesDir: resolve(ROOT, 'rules'),
    record: false,
    judge: false,
    json: false,
    minScore: 1,
    config: AiSection.parse({}),
    services: undefined,
    now: () => new Date('2026-12-07T12:00:00Z'),
    logger: createMemoryLogger(),
    ...overrides,
  };
}

function captureOutput() {
  const out: string[] = [];
  return { out, output: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) } };
}

const base = { now: () => new Date('2026-12-07T12:00:00Z'), sleep: async () => undefined };

describe('lakewarden ai eval against a configured provider (msw fakes of the chat completions API)', () => {
  it('--record with ai.provider databricks calls the serving endpoint, writes recordings whose source is databricks, and replay scores them as recorded', async () => {
    const dir = await evalWithoutRecordings();
    const config = AiSection.parse({ enabled: true, provider: 'databricks', model: 'databricks-claude-sonnet-4' });
    const services = createAiServices({
      ...base,
      config,
      db: await openAiDatabase(),
      project: undefined,
      location: undefined,
      databricks: { host: HOST, token: async () => 'dapi-eval-record' },
    });
    const seen = useFakeChatCompletions(SERVING, await scriptedReplies(), 'databricks');
    await aiEvalCommand(options(dir, { record: true, config, services }), captureOutput().output);

    expect(seen.urls.every((u) => u === `${SERVING}/chat/completions`)).toBe(true);
    expect(seen.authorizations.every((a) => a === 'Bearer dapi-eval-record')).toBe(true);
    // The minimizer ran before the provider: no warehouse name or owner reached the serving endpoint.
    expect(JSON.stringify(seen.bodies)).not.toMatch(/growth-adhoc-prod|kai\.silva/);
    for (const id of CASES) {
      const recording = Recording.parse(JSON.parse(await readFile(join(dir, `eval/recordings/${id}.json`), 'utf8')));
      expect(recording).toMatchObject({ caseId: id, model: 'databricks-claude-sonnet-4', source: 'databricks' });
    }

    const { out, output } = captureOutput();
    await aiEvalCommand(options(dir, {}), output);
    const table = out.join('\n');
    expect(table).toMatch(/warehouse-oversized-analysis\s+analysis\s+recorded\s+pass\s+yes\s+\d+\/\d+\s+100%\s+100%/);
    expect(table).toMatch(/warehouse-oversized-ask-cost\s+cost\s+recorded\s+pass\s+yes\s+\d+\/\d+\s+100%\s+100%/);
    expect(table).toContain('analysis (recorded): mean score 100%, grounded 100% over 1 case');
    expect(table).not.toContain('(authored)');
  });

  it('--judge with ai.provider openai-compatible asks ai.judgeModel at the gateway and reports its accuracy and helpfulness', async () => {
    const config = AiSection.parse({
      enabled: true,
      provider: 'openai-compatible',
      model: 'gpt-4.1-mini',
      judgeModel: 'gpt-4.1',
    });
    const services = createAiServices({
      ...base,
      config,
      db: await openAiDatabase(),
      project: undefined,
      location: undefined,
      openAiBaseUrl: GATEWAY,
      openAiApiKey: 'sk-judge',
    });
    const dir = await mkdtemp(join(tmpdir(), 'lw-eval-judge-'));
    await cp(join(ROOT, 'eval'), join(dir, 'eval'), { recursive: true });
    for (const file of await readdir(join(dir, 'eval/cases')))
      if (file !== 'warehouse-inline-analysis.yaml') await rm(join(dir, 'eval/cases', file));
    const seen = useFakeChatCompletions(GATEWAY, [
      { text: JSON.stringify({ accuracy: 5, helpfulness: 4, reason: 'Every figure is in the finding.' }) },
    ]);
    const { out, output } = captureOutput();
    await aiEvalCommand(options(dir, { judge: true, config, services }), output);

    expect(seen.bodies).toHaveLength(1);
    expect(seen.bodies[0]?.model).toBe('gpt-4.1');
    expect(seen.authorizations).toEqual(['Bearer sk-judge']);
    expect(JSON.stringify(seen.bodies[0])).not.toMatch(/acme|ana@|bob@/i);
    expect(out.join('\n')).toMatch(
      /warehouse-inline-analysis\s+analysis\s+authored\s+pass\s+yes\s+\d+\/\d+\s+100%\s+100%\s+5\s+4\s+ok/,
    );
  });
});
