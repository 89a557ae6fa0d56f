import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfPanel, adfParagraph, adfTable } from '../document/adf-builders.ts';
import type { Finding } from '../findings/finding.ts';
import { formatUsd, formatValue } from './format-values.ts';

/**
 * The comment posted when lakewarden reopens an issue it had resolved because the finding came back:
 * "detected again as of <scan>", the new estimate and the evidence table (ADF). Finding text is data from
 * Databricks metadata: the caller scrubs the document like every other issue text.
 */
export function renderReopenComment(ctx: { scanId: string; scanTime: string; finding: Finding }): AdfDoc {
  const { finding } = ctx;
  return adfDoc([
    adfPanel('warning', [
      { text: `${finding.ruleTitle}: `, style: 'strong' },
      { text: 'detected again as of scan ' },
      { text: ctx.scanId, style: 'code' },
      { text: ` (${ctx.scanTime}).` },
    ]),
    adfParagraph([
      {
        text: `lakewarden reopened this issue instead of filing a new one. Estimated excess cost: ${formatUsd(finding.estimate.usdPerMonth)}/month. The description shows the current evidence:`,
      },
    ]),
    adfTable(
      ['Evidence', 'Value', 'Threshold'],
      finding.evidence.map((e) => [
        [{ text: e.label }],
        [{ text: `${formatValue(e.value)}${e.unit === '' ? '' : ` ${e.unit}`}` }],
        [{ text: e.threshold ?? '' }],
      ]),
    ),
  ]);
}
