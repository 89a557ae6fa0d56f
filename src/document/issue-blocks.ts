/**
 * The format-neutral content of an issue or comment: a few block kinds that render to ADF
 * (`adf-builders.ts`) and to Markdown (`render-markdown.ts`) from one source, so both always agree.
 */

/** The placeholder shown for an empty or missing value (an ADF text node may never be empty; https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/). */
export const EMPTY = '—';

/** A run of text with at most one style (ADF forbids `code` combined with `strong`). */
export interface Span {
  text: string;
  style?: 'strong' | 'code' | 'em';
  /** An https link on the text (ADF `link` mark; Markdown `[text](href)`); only with no style. */
  href?: string;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'table'; header: string[]; rows: Span[][][] }
  | { type: 'panel'; tone: 'info' | 'warning' | 'success'; spans: Span[] };
