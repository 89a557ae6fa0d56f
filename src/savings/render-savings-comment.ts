import type { AdfDoc } from '../document/adf.ts';
import { adfDoc, adfHeading, adfPanel, adfParagraph, adfTable } from '../document/adf-builders.ts';
import type { SavingsLedgerRecord } from '../records/savings-ledger.ts';
import { formatUsd } from './format-usd.ts';
import { describeOutcome } from './measure-savings.ts';

/** How an activity-adjusted baseline is described in the windows table. */
const UNIT_NOTE: Record<string, string> = {
  per_query: 'at the after-window query count',
  per_run: 'at the after-window run count',
};

/**
 * The verified-savings comment (every number explains itself: docs/savings.md): the outcome in plain
 * words, both windows with their dates and USD/day, the formula, the confidence and why, the price basis,
 * the confounders, and the history hash that records it.
 */
export function renderSavingsComment(record: SavingsLedgerRecord, historyHash: string): AdfDoc {
  const days = (from: string, to: string) => `${from} to ${to}`;
  const outcome = describeOutcome(record.verifiedUsdPerMonth);
  return adfDoc([
    adfHeading(`Verified savings: ${outcome}`),
    adfTable(
      ['Window', 'Dates (UTC, inclusive)', 'List cost per day'],
      [
        [
          [
            {
              text:
                record.normaliser === 'none'
                  ? 'Before the change'
                  : `Before the change (baseline ${UNIT_NOTE[record.normaliser] ?? ''})`,
            },
          ],
          [{ text: days(record.beforeFrom, record.beforeTo) }],
          [{ text: `${formatUsd(record.beforeUsdPerDay)}/day` }],
        ],
        [
          [{ text: 'After the change' }],
          [{ text: days(record.afterFrom, record.afterTo) }],
          [{ text: `${formatUsd(record.afterUsdPerDay)}/day` }],
        ],
      ],
    ),
    adfParagraph([
      { text: 'Verified monthly savings: ', style: 'strong' },
      { text: `${formatUsd(record.verifiedUsdPerMonth)}/month (${outcome})` },
    ]),
    adfParagraph([{ text: 'Formula: ', style: 'strong' }, { text: record.formula }]),
    adfParagraph([
      { text: 'Confidence: ', style: 'strong' },
      { text: `${record.confidence} — ${record.reasons.join('; ')}` },
    ]),
    adfParagraph([{ text: 'Price basis: ', style: 'strong' }, { text: record.priceBasis }]),
    record.confounders.length === 0
      ? adfParagraph([{ text: 'Confounders: ', style: 'strong' }, { text: 'none found' }])
      : adfPanel('warning', [{ text: 'Confounders: ', style: 'strong' }, { text: record.confounders.join('; ') }]),
    adfParagraph([
      { text: `Measured ${record.measuredAt} by lakewarden from system.billing.usage; history entry ` },
      { text: historyHash, style: 'code' },
    ]),
  ]);
}
