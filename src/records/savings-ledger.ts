import type { JsonValue } from '../json/canonical-json.ts';
import type { ActionRecord } from '../remediation/action-record.ts';

/** One verified-savings measurement (the ledger row). USD/day and USD/month are list cost. */
export interface SavingsLedgerRecord {
  /** `action:<actionId>` or `manual:<fingerprint>`; unique — a change is measured once. */
  measurementKey: string;
  actionId: string | null;
  fingerprint: string;
  issueId: string;
  ruleId: string;
  workspaceId: string;
  resourceKind: string;
  resourceId: string;
  changeAt: string;
  beforeFrom: string;
  beforeTo: string;
  afterFrom: string;
  afterTo: string;
  beforeUsdPerDay: number;
  afterUsdPerDay: number;
  verifiedUsdPerMonth: number;
  normaliser: string;
  /** The formula in words with the numbers filled in. */
  formula: string;
  confidence: 'high' | 'medium' | 'low';
  reasons: string[];
  confounders: string[];
  priceBasis: string;
  /** measured = ledger written, Jira not yet updated; posted = comment and field written. */
  status: 'measured' | 'posted';
  measuredAt: string;
  postedAt: string | null;
}

/**
 * What verified savings reads and writes in the store (tables `savings_ledger`, `actions`, `history`);
 * implemented over kysely by `createSavingsLedger` in src/store/savings-ledger.ts.
 */
export interface SavingsLedger {
  /** Actions in state `verified`, newest first, at most `limit`. */
  listVerifiedActions(limit: number): Promise<ActionRecord[]>;
  /** Every ledger row. */
  list(): Promise<SavingsLedgerRecord[]>;
  /** `INSERT … ON CONFLICT (measurement_key) DO NOTHING`. @returns true when this call stored the row. */
  record(record: SavingsLedgerRecord): Promise<boolean>;
  /** Marks the row `posted` at `now`. @returns false when no `measured` row had that key. */
  markPosted(measurementKey: string, now: Date): Promise<boolean>;
  /** The hash-chained history of one action (or measurement key), oldest first. */
  readHistory(actionId: string): Promise<Array<{ event: JsonValue; hash: string }>>;
  /** Appends one event to the history. @returns the new entry's hash (the chain head). */
  appendHistory(actionId: string, event: JsonValue, now: Date): Promise<{ hash: string }>;
}
