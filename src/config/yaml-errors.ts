import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './format-path.ts';

/** A YAML document parsed with line information, for error messages that name file:line. */
export interface LocatedYaml {
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** Line of the key at the end of `path` (where a misspelled key is), else the line of its value. */
  keyLineOf(path: readonly PropertyKey[]): number | undefined;
  syntaxErrors: string[];
}

/** Parses YAML text keeping positions; syntax errors are returned (with line) rather than thrown. */
export function parseYamlLocated(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxErrors = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return pos === undefined ? e.message : `line ${pos.line}: ${e.message.split('\n')[0]}`;
  });
  return {
    data: syntaxErrors.length === 0 ? doc.toJS() : undefined,
    syntaxErrors,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range !== undefined && node.range !== null) {
          return lineCounter.linePos(node.range[0]).line;
        }
      }
      return undefined;
    },
    keyLineOf(path) {
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
      if (isMap(parent)) {
        for (const pair of parent.items) {
          const key = pair.key;
          if (isScalar(key) && String(key.value) === String(path.at(-1)) && key.range) {
            return lineCounter.linePos(key.range[0]).line;
          }
        }
      }
      return this.lineOf(path);
    },
  };
}

/** Formats zod issues as `file:line: path: message` lines. */
export function describeYamlIssues(file: string, located: LocatedYaml, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const line = located.lineOf(issue.path);
    const where = line === undefined ? file : `${file}:${line}`;
    const path = formatPath(issue.path) || '(root)';
    return `${where}: ${path}: ${issue.message}`;
  });
}
