import type { Team } from './names.ts';
import type { Rng } from './rng.ts';
import type { SyntheticWorkspace } from './workspaces.ts';

/** What every resource maker needs: the random stream, the workspace, the owning team and the window. */
export interface MakeContext {
  rng: Rng;
  site: SyntheticWorkspace;
  team: Team;
  /** Window length in days (the snapshot's window.days). */
  windowDays: number;
  /** Last day of the window, YYYY-MM-DD (UTC). */
  end: string;
  /** Runtime (e.g. "15.4" or "18") → end-of-support date YYYY-MM-DD (rules.runtimeEndOfSupport). */
  endOfSupport: Readonly<Record<string, string>>;
}
