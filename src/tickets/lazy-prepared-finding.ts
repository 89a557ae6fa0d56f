import type { Finding } from '../findings/finding.ts';
import type { IssueDraft } from '../tracker/issue-tracker.ts';
import type { PreparedFinding } from './plan-sync.ts';

/** The rendered issue of one finding: its draft (with the content hash) and the Markdown of its preview. */
export interface RenderedDraft {
  draft: IssueDraft;
  markdown: string;
}

/**
 * A {@link PreparedFinding} whose draft is rendered on first read of `draft` (then kept), not when routed:
 * a sync that never reads it (a dry run without previews, for a finding with no known issue whose content
 * hash would be compared) never renders it, and holds no rendered description for it. Assigning `draft`
 * replaces it (as `applyCreateScreens` does). `markdown` renders too, from the same rendering.
 */
export class LazyPreparedFinding implements PreparedFinding {
  readonly finding: Finding;
  readonly owner: string | null;
  readonly team: string | null;
  #rendered: RenderedDraft | undefined;
  #render: (() => RenderedDraft) | undefined;

  constructor(finding: Finding, owner: string | null, team: string | null, render: () => RenderedDraft) {
    this.finding = finding;
    this.owner = owner;
    this.team = team;
    this.#render = render;
  }

  get draft(): IssueDraft {
    return this.#ensure().draft;
  }

  set draft(draft: IssueDraft) {
    this.#rendered = { draft, markdown: this.#ensure().markdown };
  }

  /** The preview Markdown (scrubbed), rendered with the draft. */
  get markdown(): string {
    return this.#ensure().markdown;
  }

  #ensure(): RenderedDraft {
    if (this.#rendered === undefined) {
      this.#rendered = (this.#render as () => RenderedDraft)();
      this.#render = undefined;
    }
    return this.#rendered;
  }
}
