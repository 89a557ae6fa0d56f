import type { CelInput } from '@bufbuild/cel';
import type { Resource, SnapshotHeader } from '../snapshot/schema.ts';
import { toCelValue } from './cel-values.ts';
import type { CompiledRule } from './compile-rule.ts';
import { isConstantPath, RESOURCE_ROOTS, readPath, resourceRoots, ruleConstants } from './evaluation-roots.ts';

/** Not read yet for the current resource (undefined means read and absent). */
const UNREAD = Symbol('unread');

/**
 * The variables one resource offers the rules of its kind, each made a CEL value on first read and kept until
 * the next resource: a variable no rule reads is never converted, one read by several rules is converted once.
 * Names: `resource`, `facts`, `prices` and the dotted paths under them (e.g. `facts.idleHours`), which
 * @bufbuild/cel looks up whole before walking the members (see cel-paths.ts).
 */
export class ResourceVariables {
  readonly #names: readonly string[];
  readonly #parts: ReadonlyArray<readonly string[]>;
  readonly #values: unknown[];
  readonly #window: SnapshotHeader['window'];
  #resource: Resource | undefined;
  #prices: Record<string, number> = {};
  #roots: Record<string, unknown> = {};

  /** @param paths the dotted paths the kind's rules read under `resource`, `facts` and `prices` */
  constructor(paths: Iterable<string>, window: SnapshotHeader['window']) {
    this.#names = [...new Set([...RESOURCE_ROOTS, ...paths])];
    this.#parts = this.#names.map((name) => name.split('.'));
    this.#values = new Array(this.#names.length).fill(UNREAD);
    this.#window = window;
  }

  /** The names offered, in slot order. */
  get names(): readonly string[] {
    return this.#names;
  }

  /** Moves to the next resource; `prices` are its cloud's USD per DBU by SKU name. */
  set(resource: Resource, prices: Record<string, number>): void {
    this.#resource = resource;
    this.#prices = prices;
    this.#roots = resourceRoots(resource, this.#window, prices);
    this.#values.fill(UNREAD);
  }

  /** The current resource's variables as plain values (resourceRoots), as a MatchGuard reads them. */
  get roots(): Record<string, unknown> {
    return this.#roots;
  }

  /** The CEL value of the variable in `slot` (its index in `names`), undefined when the resource lacks it. */
  read(slot: number): unknown {
    let value = this.#values[slot];
    if (value === UNREAD) {
      value = this.#convert(slot);
      this.#values[slot] = value;
    }
    return value;
  }

  #convert(slot: number): CelInput | undefined {
    const resource = this.#resource;
    if (resource === undefined) return undefined;
    // Slots 0-2 are RESOURCE_ROOTS. The whole resource and facts are the same CEL map each read: the facts are a
    // member of the resource's.
    if (slot === 0) return toCelValue(resource);
    if (slot === 1) return (this.read(0) as ReadonlyMap<string, CelInput>).get('facts');
    if (slot === 2) return toCelValue(this.#prices);
    const value = readPath(this.#roots, this.#parts[slot] ?? []);
    return value === undefined ? undefined : toCelValue(value);
  }
}

/**
 * The variables of one rule: `window`, `ladders`, `params` and the dotted paths under them as constants, the
 * resource's (see ResourceVariables) as getters reading the current resource. Made once per rule and scan, and
 * handed to each of the rule's programs for every resource of its kind.
 */
export function ruleBindings(
  compiled: CompiledRule,
  variables: ResourceVariables,
  header: Pick<SnapshotHeader, 'window'>,
): Record<string, unknown> {
  const constantRoots = ruleConstants(compiled.params, header.window);
  const bindings: Record<string, unknown> = {
    window: toCelValue(constantRoots.window),
    ladders: toCelValue(constantRoots.ladders),
    params: toCelValue(constantRoots.params),
  };
  for (const path of programPaths(compiled)) {
    if (!isConstantPath(path)) continue;
    const value = readPath(constantRoots, path.split('.'));
    if (value !== undefined) bindings[path] = toCelValue(value);
  }
  for (const [slot, name] of variables.names.entries()) {
    Object.defineProperty(bindings, name, { enumerable: true, get: () => variables.read(slot) });
  }
  return bindings;
}

/** The dotted paths every program of a rule reads (match, estimate, remediation args, evidence). */
export function programPaths(compiled: CompiledRule): string[] {
  const programs = [
    compiled.match,
    compiled.estimate,
    ...compiled.args.map(([, program]) => program),
    ...compiled.evidence.flatMap((e) => [e.expr, e.when]).filter((p) => p !== undefined),
  ];
  return programs.flatMap((program) => program.paths);
}
