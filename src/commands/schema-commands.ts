import { z } from 'zod';
import { LakewardenConfig } from '../config/schema.ts';
import { Snapshot } from '../snapshot/schema.ts';
import type { Output } from './output.ts';

/** `lakewarden config schema`: the JSON Schema of lakewarden.yaml, generated from the zod schema. */
export function printConfigSchema(output: Output): void {
  const schema = z.toJSONSchema(LakewardenConfig, { io: 'input', unrepresentable: 'any' });
  output.out(JSON.stringify({ ...schema, title: 'lakewarden.yaml' }, null, 2));
}

/** `lakewarden snapshot schema`: the JSON Schema of a snapshot file. */
export function printSnapshotSchema(output: Output): void {
  const schema = z.toJSONSchema(Snapshot, { io: 'input', unrepresentable: 'any' });
  output.out(JSON.stringify({ ...schema, title: 'lakewarden snapshot' }, null, 2));
}
