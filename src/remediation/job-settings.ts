/** `settings` of a jobs/get response as a plain object ({} when absent). */
export function settingsOf(job: Record<string, unknown>): Record<string, unknown> {
  const settings = job.settings;
  return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>) : {};
}
