import { z } from 'zod';
import { LakewardenConfig } from './schema.ts';

/** One documented configuration key: dotted path, type, default and description. */
export interface ConfigKeyDoc {
  path: string;
  type: string;
  default: string;
  description: string;
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
}

/**
 * Lists every key of lakewarden.yaml from the zod schema (the source of docs/configuration.md, so the
 * documentation cannot drift from the code). Maps are shown as `<name>` path segments.
 */
export function describeConfigKeys(): ConfigKeyDoc[] {
  const schema = z.toJSONSchema(LakewardenConfig, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const out: ConfigKeyDoc[] = [];
  walk(schema, '', out);
  return out;
}

function walk(node: JsonSchemaNode, path: string, out: ConfigKeyDoc[]): void {
  if (node.properties !== undefined) {
    for (const [key, child] of Object.entries(node.properties)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (child.properties === undefined && !isMapOfObjects(child)) {
        out.push({
          path: childPath,
          type: typeOf(child),
          default: defaultOf(child),
          description: child.description ?? '',
        });
      } else {
        if (child.description !== undefined) {
          out.push({ path: childPath, type: 'object', default: '', description: child.description });
        }
        walk(child, childPath, out);
      }
    }
  }
  if (isMapOfObjects(node) && typeof node.additionalProperties === 'object') {
    walk(node.additionalProperties, `${path}.<name>`, out);
  }
}

function isMapOfObjects(node: JsonSchemaNode): boolean {
  return typeof node.additionalProperties === 'object' && node.additionalProperties.properties !== undefined;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum !== undefined) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.anyOf !== undefined) return node.anyOf.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `${typeOf(node.items ?? {})}[]`;
  if (node.type === 'object' && typeof node.additionalProperties === 'object')
    return `map of ${typeOf(node.additionalProperties)}`;
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  return node.type ?? 'any';
}

function defaultOf(node: JsonSchemaNode): string {
  return node.default === undefined ? '' : `\`${JSON.stringify(node.default)}\``;
}
