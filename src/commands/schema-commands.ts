import { z } from 'zod';
import { LakewardenConfig } from '../config/schema.ts';
import { Snapshot } from '../snapshot/schema.ts';
import type { Output } from './output.ts';

/** The JSON Schema of lakewarden.yaml as text, generated from the zod schema (editor completion). */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(LakewardenConfig, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'lakewarden.yaml' }, null, 2);
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
