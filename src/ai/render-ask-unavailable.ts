import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfPanel } from '../document/adf-builders.ts';
import type { AnswerFailure } from './answer-question.ts';

/** Why a question got no AI answer, as the asker is told: AI off, or one of the answer's failures. */
export type AskUnavailableReason = 'disabled' | AnswerFailure;

const WHY: Record<AskUnavailableReason, string> = {
  disabled:
    'AI answers are turned off on this lakewarden installation (ai.enabled: false), so no model was asked. The issue description holds the evidence, the formula of the estimate and the planned change; your platform team can turn answers on.',
  budget:
    "lakewarden's daily budget of model calls (ai.maxCallsPerDay) is spent, so no model was asked. Ask again after midnight UTC.",
  deadline:
    'The answer took longer than its time budget (ai.maxAnswerMs) and was abandoned. Ask again, perhaps a narrower question.',
  limit:
    'The answer needed more model calls or tokens than one answer may use (ai.maxSteps, ai.maxTokensPerAnswer) and was abandoned. Ask a narrower question.',
  unavailable: 'The model endpoint did not answer (an error or a timeout). Ask again later.',
  unverified:
    'The model produced an answer whose figures or resources did not all check out against lakewarden’s data, so it was not posted. Ask again, perhaps more narrowly.',
};

/** The short bot reply telling the asker that no answer is coming, and why (no model text, no figures). */
export function renderAskUnavailable(reason: AskUnavailableReason): AdfDoc {
  return adfDoc([adfPanel('info', [{ text: 'lakewarden could not answer this question. ' }, { text: WHY[reason] }])]);
}

/** The plain-text reason, for logs and tests. */
export function askUnavailableText(reason: AskUnavailableReason): string {
  return WHY[reason];
}
