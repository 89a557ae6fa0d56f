import { extractNumbers, isFaithful } from './extract-numbers.ts';

/** Where a figure stated in an answer came from. */
export interface Citation {
  /** The figure as written in the answer, e.g. `$1,290.24`. */
  figure: string;
  /** The source: `finding` or a tool name. */
  source: string;
  /** JSON path inside the source, e.g. `evidence[1].value` or `days[3].costUsd`. */
  path: string;
}

/** A named JSON document the answer could draw on (the minimized finding, each tool result). */
export interface FigureSource {
  name: string;
  data: unknown;
}

/**
 * Finds, for every number stated in `text`, the first source field holding that value (formatting
 * normalised, see extract-numbers.ts). Numbers 0 and 1 and numbers with no source are not cited.
 */
export function citeFigures(text: string, sources: readonly FigureSource[]): Citation[] {
  const citations: Citation[] = [];
  const seen = new Set<string>();
  for (const stated of extractNumbers(text)) {
    if (stated.value === 0 || stated.value === 1 || seen.has(stated.text)) continue;
    for (const source of sources) {
      const path = findPath(source.data, (n) => isFaithful(stated, n), '');
      if (path !== undefined) {
        citations.push({ figure: stated.text, source: source.name, path: path.replace(/^\./, '') });
        seen.add(stated.text);
        break;
      }
    }
  }
  return citations;
}

function findPath(value: unknown, test: (n: number) => boolean, path: string): string | undefined {
  if (typeof value === 'number') return test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findPath(v, test, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findPath(v, test, `${path}.${k}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
