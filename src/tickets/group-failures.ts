/** One Jira write of a scan that failed. */
export interface WriteFailure {
  operation: 'create' | 'update' | 'resolve' | 'reopen';
  projectKey: string;
  /** The (scrubbed) error text of the failure. */
  error: string;
}

/** Failures sharing one cause: reported as one summary line, not one line per finding. */
export interface FailureGroup {
  operation: WriteFailure['operation'];
  count: number;
  /** e.g. `components not on the screen (project LW)`. */
  cause: string;
  fix: string;
  /** One original error text, for the log. */
  example: string;
}

const NOUN: Record<WriteFailure['operation'], [string, string]> = {
  create: ['create', 'creates'],
  update: ['update', 'updates'],
  resolve: ['resolution', 'resolutions'],
  reopen: ['reopen', 'reopens'],
};

/**
 * Groups failed writes by operation and cause, most frequent first. Causes are recognised from Jira's
 * ErrorCollection texts (`Field 'x' cannot be set. It is not on the appropriate screen, or unknown.`,
 * `X is required.`, `Component name 'x' is not valid`, HTTP 403/429) and from lakewarden's own
 * "no transition path" message; anything else is grouped by its text with issue ids removed.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes
 */
export function groupFailures(failures: readonly WriteFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const { cause, fix } = classify(failure);
    const key = `${failure.operation}\u0000${cause}`;
    const group = groups.get(key);
    if (group === undefined)
      groups.set(key, { operation: failure.operation, count: 1, cause, fix, example: failure.error });
    else group.count += 1;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** `126 creates failed: components not on the screen (project LW) — fix: …` */
export function formatFailureGroup(group: FailureGroup): string {
  const [one, many] = NOUN[group.operation];
  return `${group.count} ${group.count === 1 ? one : many} failed: ${group.cause} — fix: ${group.fix}`;
}

function classify(failure: WriteFailure): { cause: string; fix: string } {
  const project = `(project ${failure.projectKey})`;
  const text = failure.error;
  const notOnScreen = /Field '([^']+)' cannot be set\. It is not on the appropriate screen, or unknown/.exec(text);
  if (notOnScreen !== null) {
    const field = notOnScreen[1];
    return {
      cause: `${field} not on the screen ${project}`,
      fix: `add ${field} to the screen of project ${failure.projectKey}, or remove it from lakewarden's configuration`,
    };
  }
  const component = /Component name '([^']+)' is not valid/.exec(text);
  if (component !== null) {
    return {
      cause: `component "${component[1]}" does not exist ${project}`,
      fix: `create the component in project ${failure.projectKey} or correct routing`,
    };
  }
  const required = /(?:^|[:;(]\s*)([\w.]+): ([^:;]+?) is required\b/.exec(text);
  if (required !== null) {
    return {
      cause: `${required[2]} (${required[1]}) is required ${project}`,
      fix: `make the field optional or give it a default value on the screen of project ${failure.projectKey}`,
    };
  }
  const noPath = /no (?:transition )?path .*?to "([^"]+)"/.exec(text);
  if (noPath !== null) {
    return {
      cause: `no transition path to "${noPath[1]}" ${project}`,
      fix: `add a transition into "${noPath[1]}" to the workflow, or set jira.statuses to statuses the workflow reaches`,
    };
  }
  if (/\(403\)/.test(text)) {
    return {
      cause: `permission denied ${project}`,
      fix: 'grant the Jira account lakewarden uses Browse, Create, Edit, Transition issues and Add comments in the project',
    };
  }
  if (/\(429\)|rate-limit/i.test(text)) {
    return {
      cause: `rate-limited by Jira ${project}`,
      fix: 'run the scan again later; lakewarden retries only bounded',
    };
  }
  return {
    cause: `${text
      .replace(/\bissue \d+/g, 'issue')
      .replace(/\s+/g, ' ')
      .trim()} ${project}`,
    fix: 'see the Jira answer above; the next scan retries',
  };
}
