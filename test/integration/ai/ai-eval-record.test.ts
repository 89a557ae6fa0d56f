import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAiServices } from '../../../src/ai/create-ai-services.ts';
import { Recording } from '../../../src/ai/eval/recording.ts';
import { aiEvalCommand } from '../../../src/commands/ai-eval-command.ts';
import { AiSection } from '../../../src/config/ai-section.ts';
import { captureOutput, copyEval, evalOptions as options, REPO_ROOT as ROOT } from '../../support/ai-eval-harness.ts';
import { type ChatReply, useFakeChatCompletions } from '../../support/fake-chat-completions.ts';
import { openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { HOST } from '../databricks/fake-databricks.ts';

const SERVING = `${HOST}/serving-endpoints`;
const GATEWAY = 'https://llm-gateway.example.internal/v1';
const CASES = ['warehouse-oversized-analysis', 'warehouse-oversized-ask-cost'];

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

/** The AI services `serve` / the CLI would build for `config`, over an in-memory store. */
async function servicesFor(
  config: AiSection,
  environment: Partial<Parameters<typeof createAiServices>[0]>,
): Promise<ReturnType<typeof createAiServices>> {
  return createAiServices({
    now: () => new Date('2026-12-07T12:00:00Z'),
    sleep: async () => undefined,
    project: undefined,
    location: undefined,
    ...environment,
    config,
    db: await openAiDatabase(),
  });
}

describe('lakewarden ai eval against a configured provider (msw fakes of the chat completions API)', () => {
  it('--record with ai.provider databricks calls the serving endpoint, writes recordings whose source is databricks, and replay scores them as recorded', async () => {
    const dir = await copyEval(CASES);
    for (const id of CASES) await rm(join(dir, `eval/recordings/${id}.json`));
    const config = AiSection.parse({ enabled: true, provider: 'databricks', model: 'databricks-claude-sonnet-4' });
    const services = await servicesFor(config, { databricks: { host: HOST, token: async () => 'dapi-eval-record' } });
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
    const services = await servicesFor(config, { openAiBaseUrl: GATEWAY, openAiApiKey: 'sk-judge' });
    const dir = await copyEval(['warehouse-inline-analysis']);
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
