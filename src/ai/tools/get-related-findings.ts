import { z } from 'zod';
import { notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

/**
 * get_related_findings — other current findings on the same resource or with the same owner: rule, category,
 * severity, estimated USD/month and the resource as a token. Owners are compared, never returned.
 */
export const getRelatedFindings = defineTool({
  name: 'get_related_findings',
  description:
    'Returns other current findings on the same resource or the same owner: rule id, category, severity, estimated savings in USD per month, and the resource token.',
  parameters: z.object({
    limit: z.number().int().min(1).max(20).default(10).describe('Most findings to return (default 10).'),
  }),
  run: ({ limit }, context) => {
    if (context.findings === undefined) return notAvailable('the current findings of the last scan are not kept');
    const self = context.finding;
    const owner = self.resource.owners.owner;
    const related = context.findings
      .filter((f) => f.fingerprint !== self.fingerprint)
      .map((f) => {
        const sameResource =
          f.resource.workspaceId === self.resource.workspaceId &&
          f.resource.kind === self.resource.kind &&
          f.resource.id === self.resource.id;
        const sameOwner = owner !== undefined && f.resource.owners.owner === owner;
        return { f, relation: sameResource ? 'same resource' : sameOwner ? 'same owner' : undefined };
      })
      .filter((r) => r.relation !== undefined)
      .slice(0, limit);
    return {
      findings: related.map(({ f, relation }) => ({
        relation,
        ruleId: f.ruleId,
        category: f.category,
        severity: f.severity,
        usdPerMonth: f.estimate.usdPerMonth,
        resource: context.hashIdentifiers ? context.tokens.token(f.resource.kind, f.resource.name) : f.resource.name,
      })),
    };
  },
});
