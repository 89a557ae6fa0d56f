/** One sample of the Prometheus text exposition format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed scrape: families by name (HELP, TYPE) and every sample. */
export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of `name` with exactly these labels (undefined when absent). */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Sum over the samples of `name` whose labels include `match`. */
  sum(name: string, match?: Record<string, string>): number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A strict parser of the Prometheus text format 0.0.4 (what prom-client serves): HELP/TYPE comments with valid
 * names and types, samples `name{l="v",…} value` with valid label syntax and a numeric value, every sample
 * belonging to a family declared by TYPE before it (histograms: `_bucket` with `le`, `_sum`, `_count`), no
 * family declared twice.
 * @throws Error naming the line that breaks the format.
 */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('exposition must end with a newline');
  for (const [index, line] of lines.slice(0, -1).entries()) {
    const fail = (why: string) => new Error(`line ${index + 1} (${why}): ${line}`);
    if (line.startsWith('# HELP ')) {
      const name = line.slice(7).split(' ')[0] ?? '';
      if (!NAME.test(name)) throw fail('bad HELP name');
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name = '', type = '', ...rest] = line.slice(7).split(' ');
      if (!NAME.test(name) || !TYPES.has(type) || rest.length > 0) throw fail('bad TYPE');
      if (types.has(name)) throw fail('family declared twice');
      types.set(name, type);
      continue;
    }
    if (line === '') continue; // the format ignores empty lines (prom-client separates families with one)
    if (line.startsWith('#')) throw fail('unexpected comment');
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (match === null) throw fail('not a sample');
    const name = match[1] ?? '';
    const labels: Record<string, string> = {};
    let rest = match[3] ?? '';
    while (rest !== '') {
      const label = LABEL.exec(rest);
      if (label === null) throw fail('bad label');
      labels[label[1] ?? ''] = (label[2] ?? '').replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
      rest = rest.slice(label[0].length);
    }
    const raw = match[4] ?? '';
    // Prometheus parses values with Go's strconv.ParseFloat, which reads NaN in any case (prom-client writes "Nan"
    // for an event-loop lag with no sample yet).
    const nan = raw.toLowerCase() === 'nan';
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : nan ? Number.NaN : Number(raw);
    if (raw === '' || (Number.isNaN(value) && !nan)) throw fail('bad value');
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    const type = types.get(family);
    if (type === undefined) throw fail('sample without a TYPE');
    if (family !== name && type !== 'histogram' && type !== 'summary') throw fail('suffix on a non-histogram');
    if (name.endsWith('_bucket') && type === 'histogram' && labels.le === undefined) throw fail('bucket without le');
    samples.push({ name, labels, value });
  }
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    types,
    samples,
    value: (name, labels = {}) => samples.find((s) => s.name === name && same(s.labels, labels))?.value,
    sum: (name, match = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
        .reduce((total, s) => total + s.value, 0),
  };
}
