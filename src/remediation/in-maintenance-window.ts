import { createTask } from 'node-cron';

/** One maintenance window (`remediation.auto.windows[]`): the minutes a node-cron expression matches, in a time zone. */
export interface MaintenanceWindow {
  cron: string;
  timezone: string;
}

/**
 * True when `now` falls in a minute one of `windows` matches (node-cron's own matcher, in the window's IANA
 * time zone; https://github.com/node-cron/node-cron#cron-syntax). No window means any time. The seconds of
 * `now` are ignored, so a 5-field expression matches the whole minute. Pure: the node-cron task is only
 * used to match and is destroyed at once (never started).
 * @throws Error for an invalid expression or time zone (the config schema rejects invalid expressions).
 */
export function inMaintenanceWindow(windows: readonly MaintenanceWindow[], now: Date): boolean {
  if (windows.length === 0) return true;
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  for (const window of windows) {
    const task = createTask(window.cron, () => undefined, { timezone: window.timezone });
    try {
      if (task.match(minute)) return true;
    } finally {
      void task.destroy();
    }
  }
  return false;
}
