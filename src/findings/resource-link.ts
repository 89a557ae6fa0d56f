import type { Resource } from '../snapshot/schema.ts';

/**
 * The Databricks UI page of a resource, from its workspace URL (`host`, e.g.
 * https://dbc-a1b2c3d4-e5f6.cloud.databricks.com): `/compute/clusters/<id>`, `/sql/warehouses/<id>`,
 * `/jobs/<id>`, `/pipelines/<id>`, Catalog Explorer `/explore/data/<catalog>/<schema>/<table>` for tables, the workspace home
 * for a workspace. null when the host is not an https URL (the link would not be trustworthy).
 */
export function resourceUrlOf(host: string, resource: Pick<Resource, 'kind' | 'id' | 'config'>): string | null {
  let base: URL;
  try {
    base = new URL(/^[a-z]+:\/\//i.test(host) ? host : `https://${host}`);
  } catch {
    return null;
  }
  if (base.protocol !== 'https:') return null;
  const origin = base.origin;
  const id = encodeURIComponent(resource.id);
  switch (resource.kind) {
    case 'cluster':
      return `${origin}/compute/clusters/${id}`;
    case 'warehouse':
      return `${origin}/sql/warehouses/${id}`;
    case 'job':
      return `${origin}/jobs/${id}`;
    case 'pipeline':
      return `${origin}/pipelines/${id}`;
    case 'table': {
      const c = resource.config as { catalog_name: string; schema_name: string; table_name: string };
      return `${origin}/explore/data/${[c.catalog_name, c.schema_name, c.table_name].map(encodeURIComponent).join('/')}`;
    }
    case 'workspace':
      return `${origin}/`;
    default:
      return null;
  }
}
