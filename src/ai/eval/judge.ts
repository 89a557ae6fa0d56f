import { z } from 'zod';
import type { LanguageModel } from '../language-model.ts';
import type { MinimizedFinding } from '../minimize-finding.ts';

/** The judge's verdict: accuracy and helpfulness, 1 (poor) to 5 (excellent). */
export const JudgeVerdict = z.object({
  accuracy: z.number().int().min(1).max(5),
  helpfulness: z.number().int().min(1).max(5),
  reason: z.string().max(600),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

const JUDGE_PROMPT = [
  'You grade text written for the owner of a Databricks resource about one finding.',
  'accuracy: 5 = every statement is supported by the finding JSON, 1 = invents or misstates facts.',
  'helpfulness: 5 = clear, specific and actionable for deciding on the planned change, 1 = useless.',
  'Answer with JSON only: {"accuracy": n, "helpfulness": n, "reason": "..."}.',
].join('\n');

/**
 * Scores an eval output with the optional judge model (config `ai.judgeModel`, any provider). The judge sees
 * only the minimized finding, the question and the model's own text with identifier tokens (never the rendered
 * Jira text, whose tokens are restored to names). Returns undefined when its reply is not valid JSON.
 */
export async function judgeOutput(
  judge: LanguageModel,
  input: { finding: MinimizedFinding; question: string | undefined; output: string },
): Promise<JudgeVerdict | undefined> {
  const result = await judge.generate({
    purpose: 'judge',
    system: JUDGE_PROMPT,
    messages: [{ role: 'user', parts: [{ text: JSON.stringify(input) }] }],
    responseJsonSchema: z.toJSONSchema(JudgeVerdict) as Record<string, unknown>,
  });
  try {
    const parsed = JudgeVerdict.safeParse(JSON.parse(result.text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
