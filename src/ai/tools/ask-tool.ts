import { z } from 'zod';
import type { FunctionDeclaration } from '../language-model.ts';
import type { AskContext } from './ask-context.ts';

/**
 * One read-only, metadata-only tool: a typed function with a zod schema whose docstring (`description`)
 * and JSON Schema become the function declaration sent to the model.
 */
export interface AskTool {
  readonly declaration: FunctionDeclaration;
  /** Validates the model's arguments with the tool's zod schema, then runs it; never throws. */
  invoke(args: unknown, context: AskContext): Record<string, unknown>;
}

/** Defines a tool from its name, docstring, zod parameter schema and implementation. */
export function defineTool<S extends z.ZodObject>(definition: {
  name: string;
  description: string;
  parameters: S;
  run: (args: z.infer<S>, context: AskContext) => Record<string, unknown>;
}): AskTool {
  const { $schema: _schema, ...parameters } = z.toJSONSchema(definition.parameters) as Record<string, unknown>;
  return {
    declaration: { name: definition.name, description: definition.description, parameters },
    invoke(args, context) {
      const parsed = definition.parameters.safeParse(args ?? {});
      if (!parsed.success) return { error: 'invalid arguments', issues: parsed.error.issues.map((i) => i.message) };
      return definition.run(parsed.data, context);
    },
  };
}
