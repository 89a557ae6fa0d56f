import { z } from 'zod';
import { LakewardenConfig } from '../config/schema.ts';
import { Snapshot } from '../snapshot/schema.ts';
import type { Output } from './output.ts';

/**
 * The JSON Schema of lakewarden.yaml as text, generated from the zod schema (editor completion). Objects with
 * declared properties get `additionalProperties: false` at every depth, so editors flag a misspelled key as
 * `lakewarden config validate` does (src/config/unknown-keys.ts).
 */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(LakewardenConfig, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...closeObjects(schema), title: 'lakewarden.yaml' }, null, 2);
}

function closeObjects<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closeObjects) as T;
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out as T;
}

/** `lakewarden config schema`: the JSON Schema of lakewarden.yaml. */
export function printConfigSchema(output: Output): void {
  output.out(configJsonSchemaText());
}

/** `lakewarden snapshot schema`: the JSON Schema of a snapshot file. */
export function printSnapshotSchema(output: Output): void {
  const schema = z.toJSONSchema(Snapshot, { io: 'input', unrepresentable: 'any' });
  output.out(JSON.stringify({ ...schema, title: 'lakewarden snapshot' }, null, 2));
}
