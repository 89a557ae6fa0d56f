/**
 * Whether the kill switch is on: `remediation.killSwitch` in the config, or LAKEWARDEN_KILL_SWITCH set to
 * any non-empty value other than `0`/`false`/`off`/`no`. Reads `source` (process.env by default) on
 * every call so flipping the variable of a running process (or a test) takes effect before the next write.
 */
export function readKillSwitch(configFlag: boolean, source: NodeJS.ProcessEnv = process.env): boolean {
  if (configFlag) return true;
  const value = source.LAKEWARDEN_KILL_SWITCH?.trim().toLowerCase();
  if (value === undefined || value === '') return false;
  return !['0', 'false', 'off', 'no'].includes(value);
}
