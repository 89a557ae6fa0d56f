import type { LakewardenConfig } from '../config/schema.ts';
import type { Finding } from '../findings/finding.ts';
import { resolveRoute, resolveTeam, unowned } from '../routing/resolve-route.ts';
import type { Route } from '../routing/route.ts';
import { buildDraft } from './build-draft.ts';
import { LazyPreparedFinding, type RenderedDraft } from './lazy-prepared-finding.ts';
import type { TemplateSet } from './load-templates.ts';
import { renderIssue } from './render-issue.ts';
import type { AccountDirectory } from './resolve-assignee.ts';
import { scrubAdf } from './scrub-adf.ts';

/** What routing and rendering one finding read. */
export interface PrepareDeps {
  config: LakewardenConfig;
  templates: TemplateSet;
  scrub: (text: string) => string;
  /** Computes a draft's content hash when it is first read (`buildDraft`'s `hashContent`; canonicalHash when undefined). */
  hashContent?: ((value: unknown) => string) | undefined;
}

/**
 * Routes one finding and readies its issue (the prepare step of syncFindings): the route from the resource's
 * tags and owners (`routing`), the assignee's Jira account looked up in `accounts` (an email with no Jira account
 * sends the issue to the default queue, routed as unowned), and a {@link LazyPreparedFinding} that renders the
 * issue when first read. Owner and team for reports come from routing, before the account lookup.
 * @throws whatever `accounts.resolve` throws (a tracker lookup)
 */
export async function prepareFinding(
  finding: Finding,
  accounts: AccountDirectory,
  deps: PrepareDeps,
): Promise<{ item: LazyPreparedFinding; route: Route }> {
  const { config } = deps;
  let route = resolveRoute(finding.resource, config.routing);
  // Owner and team for reports come from routing, before any Jira user lookup (a missing Jira account
  // sends the issue to the default queue but does not make the resource ownerless).
  const owner = route.owner;
  const team = route.team ?? resolveTeam(finding.resource, config.routing) ?? null;
  let resolution = await accounts.resolve(route.assignee);
  if (resolution.status === 'unknown-user') {
    route = unowned(config.routing, `${route.routedBy.split(' → ')[0]}: ${resolution.email} has no Jira account`);
    resolution = await accounts.resolve(route.assignee);
  }
  const accountId = resolution.status === 'resolved' ? resolution.accountId : undefined;
  const routed = route;
  // Rendered when first read: by a write, a preview, or the plan comparing the hash of a known issue.
  const item = new LazyPreparedFinding(finding, owner, team, () => render(finding, routed, accountId, deps));
  return { item, route };
}

/** Renders one finding's issue: template, scrubbed description and summary, draft (its content hash computed when read). */
function render(finding: Finding, route: Route, accountId: string | undefined, deps: PrepareDeps): RenderedDraft {
  const rendered = renderIssue(finding, deps.templates, {
    routedBy: route.routedBy,
    approvedStatus: deps.config.jira.statuses.approved,
    declinedStatus: deps.config.jira.statuses.declined,
  });
  const description = scrubAdf(rendered.description, deps.scrub);
  const summary = deps.scrub(rendered.summary);
  const draft = buildDraft(finding, route, { summary, description }, accountId, deps.hashContent);
  return { draft, markdown: deps.scrub(rendered.markdown) };
}
