import type { CelProgram } from './cel.ts';
import { chainOf, type Expr } from './cel-paths.ts';
import { isPlainObject } from './cel-values.ts';
import { RESOURCE_ROOTS, readPath } from './evaluation-roots.ts';

/**
 * Proves a rule's `match` false for one resource without running CEL: true means CEL would certainly return
 * false; false means nothing (CEL decides). Reads the resource's plain roots (`resource`, `facts`, `prices`,
 * see resourceRoots).
 */
export type MatchGuard = (roots: Record<string, unknown>) => boolean;

/** Roots read per resource; every other root (`params`, `window`, `ladders`) is a constant of the rule. */
const PER_RESOURCE = new Set<string>(RESOURCE_ROOTS);

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

/** The boolean CEL would return for one resource, or undefined when not known here. */
type Decision = (roots: Record<string, unknown>) => boolean | undefined;

/**
 * The guard of a compiled `match`: a partial evaluation of the expression on plain values that knows the
 * boolean CEL would return for some resources, and says "unknown" for every other one. The guard is true
 * (skip CEL) only when that known result is false. Known: `has(x.f)` on a plain object (a CEL map: present
 * means an own key whose value is not null, as @bufbuild/cel's map `has`); `a op b` with op one of
 * < <= > >= == != where both sides are numbers (CEL doubles; int literals are exact small integers), or ==/!=
 * where both are strings; `x in ['…', …]` with a string `x` and a list of string literals; `k in m` and `m[k]`
 * with a string `k` and a plain object `m` (a held key); `s.trim() == ''` (see blankTest); a bool literal or
 * bool value; `!e` of a known `e`; `a && b && …` false when one operand is known false, true when all are known
 * true; `a || b || …` the other way round; `list.exists(v, p)` and `list.all(v, p)` (the macros' expansions)
 * likewise over `p` for each element of a list, `v` bound to the element. CEL's `&&` and `||` (and so the
 * macros) give those results whatever the unknown operands return, errors included
 * (https://github.com/google/cel-spec/blob/master/doc/langdef.md#logical-operators).
 * A side is a literal or a dotted path the program binds (`match.paths`), read as the evaluation binds it
 * (readPath). Everything else (arithmetic, other comprehensions, functions, mistyped or missing values) is unknown
 * and left to CEL, so the guard never changes a result: it only skips evaluations whose result is false.
 * @param constants the rule's constant roots (`params`, `window`, `ladders`) as plain values
 * @returns undefined when no part of the expression can be known this way
 */
export function matchGuardOf(match: CelProgram, constants: Record<string, unknown>): MatchGuard | undefined {
  const bound = new Set(match.paths);
  const operand = (node: Expr | undefined, locals: ReadonlySet<string>): Operand | undefined => {
    if (node === undefined) return undefined;
    const kind = node.exprKind;
    if (kind.case === 'constExpr') {
      const c = kind.value.constantKind;
      if (c.case === 'doubleValue' || c.case === 'stringValue' || c.case === 'boolValue') {
        const value = c.value;
        return () => value;
      }
      if (c.case === 'int64Value' && c.value >= -(2n ** 53n) && c.value <= 2n ** 53n) {
        const value = Number(c.value);
        return () => value;
      }
      return undefined;
    }
    if (kind.case === 'callExpr' && kind.value.function === '_[_]' && kind.value.target === undefined) {
      // m[k] on a map with a string key it holds (a missing key is CEL's error: unknown here).
      const map = operand(kind.value.args[0], locals);
      const key = operand(kind.value.args[1], locals);
      if (map === undefined || key === undefined || kind.value.args.length !== 2) return undefined;
      return (roots) => {
        const m = map(roots);
        const k = key(roots);
        return isPlainObject(m) && typeof k === 'string' && Object.hasOwn(m, k) ? m[k] : undefined;
      };
    }
    const path = chainOf(node);
    if (path === undefined) return undefined;
    const parts = path.split('.');
    const root = parts[0] ?? '';
    // A comprehension variable: the current element, walked as CEL walks it (its paths are never bound).
    if (locals.has(root)) return (roots) => readPath(roots, parts);
    if (PER_RESOURCE.has(root)) {
      // A bare root is bound whole; a dotted path only when the program's bindings hold it.
      if (parts.length > 1 && !bound.has(path)) return undefined;
      return (roots) => readPath(roots, parts);
    }
    if (parts.length < 2 || !bound.has(path)) return undefined;
    const value = readPath(constants, parts);
    return value === undefined ? undefined : () => value;
  };
  const decide = (node: Expr | undefined, locals: ReadonlySet<string>): Decision | undefined => {
    if (node === undefined) return undefined;
    const kind = node.exprKind;
    if (kind.case === 'selectExpr' && kind.value.testOnly) {
      const { field } = kind.value;
      const of = operand(kind.value.operand, locals);
      if (of === undefined) return undefined;
      return (roots) => {
        const value = of(roots);
        if (!isPlainObject(value)) return undefined;
        return Object.hasOwn(value, field) && value[field] !== undefined && value[field] !== null;
      };
    }
    if (kind.case === 'comprehensionExpr') {
      const macro = existsOrAll(kind.value);
      if (macro === undefined) return undefined;
      const { iterVar } = kind.value;
      const range = operand(kind.value.iterRange, locals);
      const body = decide(macro.predicate, new Set([...locals, iterVar]));
      if (range === undefined || body === undefined) return undefined;
      // exists is true when one element's predicate is true and false when all are false; all the other way round.
      const decisive = macro.exists;
      return (roots) => {
        const items = range(roots);
        if (!Array.isArray(items)) return undefined;
        let settled = true;
        for (const item of items) {
          const v = body({ ...roots, [iterVar]: item });
          if (v === decisive) return decisive;
          if (v === undefined) settled = false;
        }
        return settled ? !decisive : undefined;
      };
    }
    if (kind.case !== 'callExpr') {
      const value = operand(node, locals);
      if (value === undefined) return undefined;
      return (roots) => {
        const v = value(roots);
        return typeof v === 'boolean' ? v : undefined;
      };
    }
    if (kind.value.target !== undefined) return undefined;
    const { function: fn, args } = kind.value;
    if (fn === '_&&_' || fn === '_||_') {
      const all = operandsOf(node, fn).map((operand) => decide(operand, locals));
      const known = all.filter((d) => d !== undefined);
      if (known.length === 0) return undefined;
      const complete = known.length === all.length;
      // && is false when one operand is false and true when all are true; || the other way round.
      const decisive = fn === '_||_';
      return (roots) => {
        let settled = complete;
        for (const d of known) {
          const v = d(roots);
          if (v === decisive) return decisive;
          if (v === undefined) settled = false;
        }
        return settled ? !decisive : undefined;
      };
    }
    if (fn === '!_' && args.length === 1) {
      const inner = decide(args[0], locals);
      if (inner === undefined) return undefined;
      return (roots) => {
        const v = inner(roots);
        return v === undefined ? undefined : !v;
      };
    }
    if (fn === '@in' && args.length === 2 && args[1]?.exprKind.case === 'listExpr') {
      const items = args[1].exprKind.value.elements.map((e) =>
        e.exprKind.case === 'constExpr' && e.exprKind.value.constantKind.case === 'stringValue'
          ? e.exprKind.value.constantKind.value
          : undefined,
      );
      const left = operand(args[0], locals);
      if (left === undefined || items.some((i) => i === undefined)) return undefined;
      const list = new Set(items);
      return (roots) => {
        const value = left(roots);
        return typeof value === 'string' ? list.has(value) : undefined;
      };
    }
    if (fn === '@in' && args.length === 2) {
      // k in m, m a map: @bufbuild/cel's map `has`, an own key whose value is not null.
      const left = operand(args[0], locals);
      const right = operand(args[1], locals);
      if (left === undefined || right === undefined) return undefined;
      return (roots) => {
        const k = left(roots);
        const m = right(roots);
        if (typeof k !== 'string' || !isPlainObject(m)) return undefined;
        return Object.hasOwn(m, k) && m[k] !== undefined && m[k] !== null;
      };
    }
    const blank = blankTest(fn, args, (node) => operand(node, locals));
    if (blank !== undefined) return blank;
    const compare = COMPARISONS[fn];
    if (compare !== undefined && args.length === 2) {
      const left = operand(args[0], locals);
      const right = operand(args[1], locals);
      if (left === undefined || right === undefined) return undefined;
      const equality = fn === '_==_' || fn === '_!=_';
      return (roots) => {
        const l = left(roots);
        const r = right(roots);
        if (typeof l === 'number' && typeof r === 'number') return compare(l, r);
        if (equality && typeof l === 'string' && typeof r === 'string') return (l === r) === (fn === '_==_');
        return undefined;
      };
    }
    return undefined;
  };
  const decision = decide(match.expr, new Set());
  if (decision === undefined) return undefined;
  return (roots) => decision(roots) === false;
}

/** The operands of a chain of `fn` (`_&&_` or `_||_`), flattened: `a && (b && c)` gives a, b, c. */
function operandsOf(expr: Expr | undefined, fn: string): Array<Expr | undefined> {
  const kind = expr?.exprKind;
  if (kind?.case === 'callExpr' && kind.value.function === fn && kind.value.target === undefined) {
    return kind.value.args.flatMap((arg) => operandsOf(arg, fn));
  }
  return [expr];
}

type Comprehension = Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'];

/**
 * The predicate of a comprehension that is the expansion of `range.exists(v, predicate)` or
 * `range.all(v, predicate)` (as @bufbuild/cel's parser expands those macros), else undefined.
 */
function existsOrAll(c: Comprehension): { exists: boolean; predicate: Expr | undefined } | undefined {
  const init = c.accuInit?.exprKind;
  const step = c.loopStep?.exprKind;
  const condition = c.loopCondition?.exprKind;
  const isAccu = (e: Expr | undefined) => e?.exprKind.case === 'identExpr' && e.exprKind.value.name === c.accuVar;
  if (c.iterVar2 !== '' || init?.case !== 'constExpr' || init.value.constantKind.case !== 'boolValue') return undefined;
  if (step?.case !== 'callExpr' || !isAccu(step.value.args[0]) || step.value.args.length !== 2) return undefined;
  if (!isAccu(c.result) || condition?.case !== 'callExpr' || condition.value.function !== '@not_strictly_false') {
    return undefined;
  }
  const tested = condition.value.args[0];
  const exists = init.value.constantKind.value === false;
  if (exists) {
    // accu = false; while !accu is not false: accu = accu || predicate
    const inner = tested?.exprKind.case === 'callExpr' && tested.exprKind.value.function === '!_' ? tested : undefined;
    const negatedAccu = inner?.exprKind.case === 'callExpr' && isAccu(inner.exprKind.value.args[0]);
    if (step.value.function !== '_||_' || !negatedAccu) return undefined;
  } else if (step.value.function !== '_&&_' || !isAccu(tested)) {
    // accu = true; while accu is not false: accu = accu && predicate
    return undefined;
  }
  return { exists, predicate: step.value.args[1] };
}

/**
 * `s.trim() == ''` (or `!= ''`, either side): known when `s` is a string that is empty, or that holds an ASCII
 * letter or digit, which no trim removes (strings extension, whitespace only at the ends), so the trimmed text
 * is not empty. Any other string is unknown here: which characters count as whitespace is left to CEL.
 */
function blankTest(
  fn: string,
  args: Array<Expr | undefined>,
  operand: (node: Expr | undefined) => Operand | undefined,
): Decision | undefined {
  if ((fn !== '_==_' && fn !== '_!=_') || args.length !== 2) return undefined;
  const isEmptyLiteral = (e: Expr | undefined) =>
    e?.exprKind.case === 'constExpr' &&
    e.exprKind.value.constantKind.case === 'stringValue' &&
    e.exprKind.value.constantKind.value === '';
  const trimmed = (e: Expr | undefined) =>
    e?.exprKind.case === 'callExpr' &&
    e.exprKind.value.function === 'trim' &&
    e.exprKind.value.args.length === 0 &&
    e.exprKind.value.target !== undefined
      ? e.exprKind.value.target
      : undefined;
  const [a, b] = args;
  const target = isEmptyLiteral(b) ? trimmed(a) : isEmptyLiteral(a) ? trimmed(b) : undefined;
  const text = target === undefined ? undefined : operand(target);
  if (text === undefined) return undefined;
  const equal = fn === '_==_';
  return (roots) => {
    const value = text(roots);
    if (typeof value !== 'string') return undefined;
    if (value === '') return equal;
    return /[A-Za-z0-9]/.test(value) ? !equal : undefined;
  };
}
