import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfPanel, adfParagraph } from '../document/adf-builders.ts';

/**
 * The comment posted when a finding's problem is gone: "no longer detected as of <scan>" (ADF).
 * @param ctx `scanId` of the scan that no longer matched, `scanTime` as ISO 8601 UTC, `ruleTitle` of the rule.
 */
export function renderResolutionComment(ctx: { scanId: string; scanTime: string; ruleTitle: string }): AdfDoc {
  return adfDoc([
    adfPanel('success', [
      { text: `${ctx.ruleTitle}: `, style: 'strong' },
      { text: `no longer detected as of scan ` },
      { text: ctx.scanId, style: 'code' },
      { text: ` (${ctx.scanTime}).` },
    ]),
    adfParagraph([
      {
        text: 'lakewarden resolved this issue. If the problem comes back, a later scan reopens it with fresh evidence.',
      },
    ]),
  ]);
}
