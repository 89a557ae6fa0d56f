import { describe, expect, it } from 'vitest';
import { formatAutoLine } from '../../../src/scan/format-scan-output.ts';

describe('formatAutoLine', () => {
  it('says what the scan did with its auto findings', () => {
    const auto = { verified: 2, notVerified: 1, waiting: 3, stopped: 1, dryRun: 0 };
    expect(formatAutoLine({ auto })).toBe(
      'auto: 2 applied and verified, 3 waiting for the notice period, 1 stopped by a guardrail (waiting for an approval), 1 not verified (see their issues)',
    );
  });

  it('prints nothing without auto findings', () => {
    expect(formatAutoLine({ auto: undefined })).toBeUndefined();
    expect(
      formatAutoLine({ auto: { verified: 0, notVerified: 0, waiting: 0, stopped: 0, dryRun: 0 } }),
    ).toBeUndefined();
  });
});
