import { ALLOWED_FUNCTIONS, SYSTEM_TABLE_COLUMNS } from './system-table-columns.ts';

/** Words of the SQL dialect the registered statements use; never column references. */
const KEYWORDS = new Set(
  (
    'select from where and or not as join left right inner outer full cross on group by having order asc desc is ' +
    'null between qualify over partition lateral view distinct limit interval hour second minute day week month ' +
    'year grouping sets explain in case when then else end true false like exists union all ' +
    'bigint int integer double float string date timestamp decimal boolean'
  ).split(' '),
);

/** The tables a statement reads (FROM / JOIN targets), lower-cased. */
export function tablesOf(sql: string): string[] {
  return analyseColumns(sql).tables;
}

interface Token {
  text: string;
  lower: string;
}

function tokenize(sql: string): Token[] {
  const text = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    // map access with a literal key becomes one token: operation_metrics['k'] → operation_metrics[[k]]
    .replace(/([A-Za-z_][\w.]*)\s*\[\s*'([A-Za-z0-9_]*)'\s*\]/g, '$1[[$2]]')
    .replace(/'(?:[^'\\]|\\.)*'/g, " '' ")
    .replace(/`([^`]*)`/g, '$1');
  const raw =
    text.match(
      /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.\*|[A-Za-z_]\w*:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\[\[\w*\]\])?|''|:[a-z]+|\d+(?:\.\d+)?|\S/g,
    ) ?? [];
  return raw.map((t) => ({ text: t, lower: t.toLowerCase() }));
}

const isIdentifier = (t: Token | undefined): t is Token =>
  t !== undefined && /^[A-Za-z_]/.test(t.text) && !KEYWORDS.has(t.lower);

/** An allowlist entry in the form the tokenizer produces (`m['k']` → `m[[k]]`). */
function normalise(column: string): string {
  return column.toLowerCase().replace(/\['([^']*)'\]/g, '[[$1]]');
}

/** A column as written in SQL, for messages. */
function shown(column: string): string {
  return column.replace(/\[\[(\w*)\]\]/g, "['$1']");
}

/**
 * Checks every column a statement mentions against {@link SYSTEM_TABLE_COLUMNS}: a reference qualified by a
 * table alias must be in that table's list; an unqualified one (or one qualified by a derived table, e.g. a
 * subquery or LATERAL VIEW alias) must be in the list of a table the statement reads or be an alias the
 * statement defines. `*` is allowed only as `COUNT(*)`; `t.*`, `struct(*)`, `to_json(*)`, any function not
 * in {@link ALLOWED_FUNCTIONS}, a table outside the allowlist and a map read with a non-literal key fail.
 * Comments and string literals are stripped first.
 *
 * @returns the tables read and one line per violation (empty = within the boundary).
 */
export function analyseColumns(sql: string): { tables: string[]; violations: string[] } {
  const tokens = tokenize(sql);
  const tables: string[] = [];
  const tableAliases = new Map<string, string>();
  const derivedAliases = new Set<string>();
  const columnAliases = new Set<string>();
  const definitions = new Set<number>();
  const violations: string[] = [];
  // Pass 1: definitions (tables, their aliases, derived tables, column aliases).
  const parens: Array<'subquery' | 'generator' | 'other'> = [];
  const aliasAfter = (index: number, into: (name: string) => void): void => {
    let at = index;
    if (tokens[at]?.lower === 'as') at++;
    const candidate = tokens[at];
    if (isIdentifier(candidate) && tokens[at + 1]?.text !== '(') {
      into(candidate.lower);
      definitions.add(at);
    }
  };
  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    if ((token.lower === 'from' || token.lower === 'join') && isIdentifier(next)) {
      tables.push(next.lower);
      definitions.add(index + 1);
      aliasAfter(index + 2, (name) => tableAliases.set(name, next.lower));
    }
    if (token.text === '(') {
      const generator = tokens[index - 2]?.lower === 'view';
      parens.push(next?.lower === 'select' ? 'subquery' : generator ? 'generator' : 'other');
    }
    if (token.text === ')') {
      const kind = parens.pop();
      if (kind === 'subquery' || kind === 'generator') aliasAfter(index + 1, (name) => derivedAliases.add(name));
    }
    if (token.lower === 'as' && isIdentifier(next) && !definitions.has(index + 1)) {
      columnAliases.add(next.lower);
      definitions.add(index + 1);
    }
  }
  for (const table of tables) if (SYSTEM_TABLE_COLUMNS[table] === undefined) violations.push(`reads ${table}`);
  if (tables.length === 0) violations.push('reads no table');
  const allowed = (table: string) => new Set((SYSTEM_TABLE_COLUMNS[table] ?? []).map(normalise));
  const union = new Set(tables.flatMap((t) => [...allowed(t)]));
  // Pass 2: every other identifier is a function call or a column reference.
  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    if (token.text.endsWith('.*') || (isWildcard(tokens, index) && !isCountStar(tokens, index))) {
      const call = tokens[index - 2];
      violations.push(tokens[index - 1]?.text === '(' && call !== undefined ? `uses ${call.lower}(*)` : 'uses *');
      continue;
    }
    if (token.text === '[') violations.push('reads a map with a non-literal key');
    if (!isIdentifier(token) || definitions.has(index)) continue;
    if (next?.text === '(') {
      if (!ALLOWED_FUNCTIONS.has(token.lower)) violations.push(`calls ${token.lower}()`);
      continue;
    }
    const [head = '', ...rest] = token.lower.split('.');
    const path = rest.join('.');
    const table = tableAliases.get(head);
    if (table !== undefined && rest.length > 0) {
      if (!allowed(table).has(path)) violations.push(`reads ${table}.${shown(path)}`);
    } else if (derivedAliases.has(head) && rest.length > 0) {
      if (!union.has(path) && !columnAliases.has(path)) violations.push(`reads ${shown(path)}`);
    } else if (!union.has(token.lower) && !columnAliases.has(token.lower)) {
      violations.push(`reads ${shown(token.lower)}`);
    }
  }
  return { tables, violations: [...new Set(violations)] };
}

/** `*` as "all columns" (after SELECT, DISTINCT, a comma or an opening parenthesis), not multiplication. */
function isWildcard(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1]?.lower;
  return tokens[index]?.text === '*' && ['select', 'distinct', ',', '('].includes(before ?? '');
}

function isCountStar(tokens: readonly Token[], index: number): boolean {
  return tokens[index - 1]?.text === '(' && tokens[index - 2]?.lower === 'count' && tokens[index + 1]?.text === ')';
}
