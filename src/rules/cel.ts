import { type CelResult, celEnv, isCelError, isCelList, isCelMap, isCelUint, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { collectSelectPaths, type Expr } from './cel-paths.ts';

/** A compiled CEL program: evaluate with bindings, get a plain JS value or a thrown error. */
export type CelProgram = ((bindings: Record<string, unknown>) => unknown) & {
  /** Dotted paths the expression reads from its top-level variables, e.g. `facts.idleHours`. */
  readonly paths: readonly string[];
  /** The parsed expression (absent only when the parser returned none). */
  readonly expr: Expr | undefined;
};

const env = celEnv({ funcs: strings });

/**
 * Parses and plans a CEL expression once (compiled once per scan; https://github.com/bufbuild/cel-es).
 * @throws Error with the parser's message when the expression does not parse.
 */
export function compileCel(expression: string): CelProgram {
  const parsed = parse(expression);
  const program = plan(env, parsed);
  const run = (bindings: Record<string, unknown>) => {
    const result: CelResult = program(bindings as never);
    if (isCelError(result)) throw new Error(result.message);
    return toJs(result);
  };
  return Object.assign(run, { paths: collectSelectPaths(parsed.expr), expr: parsed.expr });
}

/** Converts CEL runtime values (CelList, CelMap, bigint, uint) to plain JSON-like JS values. */
export function toJs(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(toJs);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) out[String(toJs(k))] = toJs(v);
    return out;
  }
  return value;
}
