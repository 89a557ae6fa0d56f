import { z } from 'zod';
import { toSafeValue } from '../minimize-finding.ts';
import { findResource, notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

/** Free-form name fields of configurations (Class B): never returned. */
const NAME_FIELDS = new Set(['cluster_name', 'name']);

/**
 * get_resource_config — the resource's current configuration from the snapshot: numeric settings, flags
 * and enum codes only (names dropped, free text omitted). "Not available" without a snapshot.
 */
export const getResourceConfig = defineTool({
  name: 'get_resource_config',
  description:
    'Returns the current configuration of the resource of this issue (numeric settings, flags, enum codes such as size or state) from the latest snapshot. Names and free text are not included.',
  parameters: z.object({}),
  run: (_args, context) => {
    const resource = findResource(context);
    if (resource === undefined) return notAvailable('no snapshot holds this resource');
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(resource.config)) {
      if (!NAME_FIELDS.has(key)) config[key] = toSafeValue(value, new Map(), false);
    }
    return { kind: resource.kind, id: resource.id, config };
  },
});
