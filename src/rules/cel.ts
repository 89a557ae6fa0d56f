import { type CelResult, celEnv, isCelError, isCelList, isCelMap, isCelUint, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** A compiled CEL program: evaluate with bindings, get a plain JS value or a thrown error. */
export type CelProgram = (bindings: Record<string, unknown>) => unknown;

const env = celEnv({ funcs: strings });

/**
 * Parses and plans a CEL expression once (DESIGN.md: compiled once per scan).
 * @throws Error with the parser's message when the expression does not parse.
 */
export function compileCel(expression: string): CelProgram {
  const program = plan(env, parse(expression));
  return (bindings) => {
    const result: CelResult = program(bindings as never);
    if (isCelError(result)) throw new Error(result.message);
    return toJs(result);
  };
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
