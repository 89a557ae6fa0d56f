/** Age buckets (days waited) for findings awaiting approval, in display order. */
export const AGE_BUCKETS = [
  { label: '0–7 days', maxDays: 7 },
  { label: '8–30 days', maxDays: 30 },
  { label: '31–90 days', maxDays: 90 },
  { label: 'over 90 days', maxDays: Number.POSITIVE_INFINITY },
] as const;

/** The bucket label of an age in whole days. */
export function ageBucket(ageDays: number): string {
  for (const bucket of AGE_BUCKETS) if (ageDays <= bucket.maxDays) return bucket.label;
  return 'over 90 days';
}
