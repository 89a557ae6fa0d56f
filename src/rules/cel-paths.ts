import type { parse } from '@bufbuild/cel';

/** A parsed CEL expression node (the protobuf `cel.expr.Expr` that @bufbuild/cel's parser returns). */
export type Expr = NonNullable<ReturnType<typeof parse>['expr']>;

/**
 * The dotted member paths an expression reads from its free variables, e.g. `resource.config.auto_stop_mins`
 * (every prefix with at least one member, so `a.b.c` yields `a.b` and `a.b.c`). Paths rooted at a
 * comprehension variable (`t` in `tasks.exists(t, t.max_retries > 3)`) and presence tests (`has(a.b)`)
 * are left out.
 *
 * Why: @bufbuild/cel resolves `a.b.c` by first asking the activation for the whole dotted name, then
 * looking it up as a type or enum name, before walking `a` → `b` → `c`. Binding the dotted paths directly
 * (see rule-bindings.ts) answers the first lookup, which is what makes rule evaluation fast.
 */
export function collectSelectPaths(expr: Expr | undefined): string[] {
  const paths = new Set<string>();
  const shadowed = new Set<string>();
  const visit = (node: Expr | undefined): void => {
    if (node === undefined) return;
    const kind = node.exprKind;
    switch (kind.case) {
      case 'selectExpr': {
        const path = chainOf(node);
        if (path !== undefined && !kind.value.testOnly) {
          const parts = path.split('.');
          for (let i = 2; i <= parts.length; i++) paths.add(parts.slice(0, i).join('.'));
          return;
        }
        visit(kind.value.operand);
        return;
      }
      case 'callExpr':
        visit(kind.value.target);
        for (const arg of kind.value.args) visit(arg);
        return;
      case 'listExpr':
        for (const e of kind.value.elements) visit(e);
        return;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') visit(entry.keyKind.value);
          visit(entry.value);
        }
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        shadowed.add(c.iterVar);
        if (c.iterVar2 !== '') shadowed.add(c.iterVar2);
        shadowed.add(c.accuVar);
        for (const e of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) visit(e);
        return;
      }
      default:
        return;
    }
  };
  visit(expr);
  return [...paths].filter((p) => !shadowed.has(p.split('.')[0] ?? ''));
}

/** `a.b.c` for a chain of field selections on an identifier, else undefined. */
export function chainOf(node: Expr): string | undefined {
  const kind = node.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case === 'selectExpr' && !kind.value.testOnly && kind.value.operand !== undefined) {
    const base = chainOf(kind.value.operand);
    return base === undefined ? undefined : `${base}.${kind.value.field}`;
  }
  return undefined;
}
