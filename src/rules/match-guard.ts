import type { CelProgram } from './cel.ts';
import { chainOf, type Expr } from './cel-paths.ts';
import { isPlainObject } from './cel-values.ts';
import { readPath } from './evaluation-roots.ts';

/**
 * Proves a rule's `match` false for one resource without running CEL: true means CEL would certainly return
 * false; false means nothing (CEL decides). Reads the resource's plain roots (`resource`, `facts`, `prices`,
 * see resourceRoots).
 */
export type MatchGuard = (roots: Record<string, unknown>) => boolean;

/** Roots read per resource; every other root (`params`, `window`, `ladders`) is a constant of the rule. */
const RESOURCE_ROOTS = new Set(['resource', 'facts', 'prices']);

const COMPARISONS: Record<string, (l: number, r: number) => boolean> = {
  '_<_': (l, r) => l < r,
  '_<=_': (l, r) => l <= r,
  '_>_': (l, r) => l > r,
  '_>=_': (l, r) => l >= r,
  '_==_': (l, r) => l === r,
  '_!=_': (l, r) => l !== r,
};

/** A value read for one resource (undefined: unknown here, leave it to CEL). */
type Operand = (roots: Record<string, unknown>) => unknown;

/**
 * The guard of a compiled `match`: its top-level conjuncts (`a && b && …`) that can be decided from plain
 * values, any one of which being false makes the whole conjunction false in CEL, whatever the others return
 * (errors included: https://github.com/google/cel-spec/blob/master/doc/langdef.md#logical-operators).
 * Decided conjuncts: `has(x.f)` and `!has(x.f)` on a plain object (a CEL map: present means an own key whose
 * value is not null, as @bufbuild/cel's map `has`); `a op b` with op one of < <= > >= == != where both sides
 * are numbers (CEL doubles; int literals are exact small integers), or ==/!= where both are strings;
 * `x in ['…', …]` with a string `x` and a list of string literals. A side is a literal or a dotted path the
 * program binds (`match.paths`), read as the evaluation binds it (readPath). Anything else is left to CEL, so
 * the guard never changes a result: it only skips evaluations whose result is false.
 * @param constants the rule's constant roots (`params`, `window`, `ladders`) as plain values
 * @returns undefined when no conjunct can be decided this way
 */
export function matchGuardOf(match: CelProgram, constants: Record<string, unknown>): MatchGuard | undefined {
  const bound = new Set(match.paths);
  const operand = (node: Expr | undefined): Operand | undefined => {
    if (node === undefined) return undefined;
    const kind = node.exprKind;
    if (kind.case === 'constExpr') {
      const c = kind.value.constantKind;
      if (c.case === 'doubleValue' || c.case === 'stringValue') {
        const value = c.value;
        return () => value;
      }
      if (c.case === 'int64Value' && c.value >= -(2n ** 53n) && c.value <= 2n ** 53n) {
        const value = Number(c.value);
        return () => value;
      }
      return undefined;
    }
    const path = chainOf(node);
    if (path === undefined) return undefined;
    const parts = path.split('.');
    const root = parts[0] ?? '';
    if (RESOURCE_ROOTS.has(root)) {
      // A bare root is bound whole; a dotted path only when the program's bindings hold it.
      if (parts.length > 1 && !bound.has(path)) return undefined;
      return (roots) => readPath(roots, parts);
    }
    if (parts.length < 2 || !bound.has(path)) return undefined;
    const value = readPath(constants, parts);
    return value === undefined ? undefined : () => value;
  };
  /** For `has(x.f)`: whether `x` is a plain object holding `f` (not null), or undefined when unknown. */
  const presence = (node: Expr): ((roots: Record<string, unknown>) => boolean | undefined) | undefined => {
    if (node.exprKind.case !== 'selectExpr' || !node.exprKind.value.testOnly) return undefined;
    const { field } = node.exprKind.value;
    const of = operand(node.exprKind.value.operand);
    if (of === undefined) return undefined;
    return (roots) => {
      const value = of(roots);
      if (!isPlainObject(value)) return undefined;
      return Object.hasOwn(value, field) && value[field] !== undefined && value[field] !== null;
    };
  };
  const falsifier = (node: Expr): MatchGuard | undefined => {
    const kind = node.exprKind;
    if (kind.case === 'selectExpr') {
      const present = presence(node);
      return present === undefined ? undefined : (roots) => present(roots) === false;
    }
    if (kind.case !== 'callExpr' || kind.value.target !== undefined) return undefined;
    const { function: fn, args } = kind.value;
    if (fn === '!_' && args.length === 1 && args[0] !== undefined) {
      const present = presence(args[0]);
      return present === undefined ? undefined : (roots) => present(roots) === true;
    }
    if (fn === '@in' && args.length === 2 && args[1]?.exprKind.case === 'listExpr') {
      const items = args[1].exprKind.value.elements.map((e) =>
        e.exprKind.case === 'constExpr' && e.exprKind.value.constantKind.case === 'stringValue'
          ? e.exprKind.value.constantKind.value
          : undefined,
      );
      const left = operand(args[0]);
      if (left === undefined || items.some((i) => i === undefined)) return undefined;
      const list = new Set(items);
      return (roots) => {
        const value = left(roots);
        return typeof value === 'string' && !list.has(value);
      };
    }
    const compare = COMPARISONS[fn];
    if (compare !== undefined && args.length === 2) {
      const left = operand(args[0]);
      const right = operand(args[1]);
      if (left === undefined || right === undefined) return undefined;
      const equality = fn === '_==_' || fn === '_!=_';
      return (roots) => {
        const l = left(roots);
        const r = right(roots);
        if (typeof l === 'number' && typeof r === 'number') return !compare(l, r);
        if (equality && typeof l === 'string' && typeof r === 'string') return (l === r) !== (fn === '_==_');
        return false;
      };
    }
    return undefined;
  };
  const guards = conjunctsOf(match.expr)
    .map(falsifier)
    .filter((g) => g !== undefined);
  if (guards.length === 0) return undefined;
  return (roots) => {
    for (const guard of guards) if (guard(roots)) return true;
    return false;
  };
}

/** The operands of a top-level chain of `&&` (the expression itself when it is not one). */
function conjunctsOf(expr: Expr | undefined): Expr[] {
  if (expr === undefined) return [];
  const kind = expr.exprKind;
  if (kind.case === 'callExpr' && kind.value.function === '_&&_' && kind.value.target === undefined) {
    return kind.value.args.flatMap(conjunctsOf);
  }
  return [expr];
}
