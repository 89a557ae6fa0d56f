import type { CreateScreen } from '../tracker/issue-tracker.ts';

/** The fields every lakewarden issue needs: the fingerprint lives in a label, the evidence in the description. */
const ESSENTIAL = ['summary', 'description', 'labels'] as const;
/** Required fields lakewarden fills (or Jira fills: project, issue type, reporter = the bot). */
const FILLED = new Set(['summary', 'description', 'labels', 'project', 'issuetype', 'reporter']);

/** What lakewarden sends to one project, decided from its create screen. */
export interface ScreenPlan {
  projectKey: string;
  components: boolean;
  /** Components that exist in the project. */
  existingComponents: ReadonlySet<string>;
  estimatedSavings: boolean;
  /** `jira.priority` is configured and the screen has a Priority field. */
  priority: boolean;
}

export type ScreenCheck = { ok: true; plan: ScreenPlan; warnings: string[] } | { ok: false; error: string };

/**
 * Checks a project's create screen against what lakewarden will send: summary, description and labels must be
 * on it, and every required field must be one lakewarden fills or one with a default value. Optional fields
 * (components, the savings number field, `jira.priority`) are sent only when on the screen; configured components that are not on
 * the screen or do not exist in the project give a warning (once per scan) and issues are filed without them.
 *
 * @param wanted the component names routing would set in this project, and the configured savings field id
 * @returns the plan and warnings, or a one-line error naming the field and the fix (nothing may be written then)
 */
export function checkCreateScreen(
  screen: CreateScreen,
  wanted: { components: readonly string[]; savingsFieldId: string | undefined; priority?: string | undefined },
): ScreenCheck {
  const where = `the create screen of project ${screen.projectKey} (issue type "${screen.issueType}")`;
  const byId = new Map(screen.fields.map((f) => [f.id, f]));
  const missing = ESSENTIAL.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `${where} has no ${missing.join(', ')} field, which every lakewarden issue needs — fix: add ${missing.join(', ')} to that screen (project settings → screens / issue types) or set jira.issueType to a type whose screen has ${missing.length === 1 ? 'it' : 'them'}`,
    };
  }
  const savingsFillable = wanted.savingsFieldId !== undefined;
  const unfillable = screen.fields.filter(
    (f) =>
      f.required &&
      !f.hasDefaultValue &&
      !FILLED.has(f.id) &&
      !(f.id === 'components' && wanted.components.length > 0) &&
      !(f.id === wanted.savingsFieldId && savingsFillable),
  );
  if (unfillable.length > 0) {
    const names = unfillable.map((f) => `"${f.name}" (${f.id})`).join(', ');
    return {
      ok: false,
      error: `${where} requires ${names}, which lakewarden cannot fill — fix: make ${unfillable.length === 1 ? 'it' : 'them'} optional or give ${unfillable.length === 1 ? 'it' : 'them'} a default value on that screen, or set jira.issueType to another type`,
    };
  }
  const warnings: string[] = [];
  const componentsOnScreen = byId.has('components');
  const existing = new Set(screen.components);
  if (wanted.components.length > 0 && !componentsOnScreen) {
    warnings.push(
      `components ${list(wanted.components)} are configured but ${where} has no Components field (team-managed projects have none): filing without components — fix: remove them from routing or add Components to the screen`,
    );
  } else {
    const unknown = wanted.components.filter((c) => !existing.has(c));
    if (unknown.length > 0) {
      warnings.push(
        `components ${list(unknown)} do not exist in project ${screen.projectKey}: filing without them — fix: create them in the project or correct routing`,
      );
    }
  }
  const savingsOnScreen = wanted.savingsFieldId !== undefined && byId.has(wanted.savingsFieldId);
  if (wanted.savingsFieldId !== undefined && !savingsOnScreen) {
    warnings.push(
      `jira.fields.estimatedSavings ${wanted.savingsFieldId} is not on ${where}: the estimate is kept in the issue's lakewarden property only — fix: add the field to the screen`,
    );
  }
  const priorityOnScreen = wanted.priority !== undefined && byId.has('priority');
  if (wanted.priority !== undefined && !priorityOnScreen) {
    warnings.push(
      `jira.priority "${wanted.priority}" is configured but ${where} has no Priority field: filing with Jira's default — fix: add Priority to the screen or unset jira.priority`,
    );
  }
  return {
    ok: true,
    plan: {
      projectKey: screen.projectKey,
      components: componentsOnScreen,
      existingComponents: existing,
      estimatedSavings: savingsOnScreen,
      priority: priorityOnScreen,
    },
    warnings,
  };
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}
