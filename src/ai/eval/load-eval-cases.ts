import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../../errors.ts';
import { EvalCase } from './eval-case.ts';

/**
 * Reads every `*.yaml` in `directory` (sorted by name) as an {@link EvalCase}.
 * @throws InputError naming the file and the path inside it when a case does not validate.
 */
export async function loadEvalCases(directory: string): Promise<EvalCase[]> {
  const files = (await readdir(directory)).filter((f) => f.endsWith('.yaml')).sort();
  const cases: EvalCase[] = [];
  for (const file of files) {
    const path = join(directory, file);
    const parsed = EvalCase.safeParse(parse(await readFile(path, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid eval case'}`);
    }
    cases.push(parsed.data);
  }
  return cases;
}
