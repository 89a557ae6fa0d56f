/**
 * One streamed evaluation in its own process, for bench/scan-scaling.ts: opens a snapshot file (JSON Lines or
 * JSON), evaluates the bundled rules resource by resource (the path `lakewarden scan` takes before the sync) and
 * prints `{ resources, findings }` as JSON. Peak RSS is read by the parent (bench/max-rss.mjs).
 *
 *   node bench/scan-stream.ts <snapshot file>
 */
import { RulesSection } from '../src/config/rules-section.ts';
import { createEvaluation } from '../src/rules/evaluate-snapshot.ts';
import { loadRules } from '../src/rules/load-rules.ts';
import { openSnapshot } from '../src/snapshot/load-snapshot.ts';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node bench/scan-stream.ts <snapshot file>');
  process.exit(2);
}
const rules = await loadRules(new URL('../rules', import.meta.url).pathname, RulesSection.parse({}));
const source = await openSnapshot(file);
const evaluation = createEvaluation(source.header, rules, { size: source.size });
for await (const resource of source.resources()) evaluation.add(resource);
const result = evaluation.finish();
console.log(JSON.stringify({ resources: result.resources, findings: result.findings.length }));
