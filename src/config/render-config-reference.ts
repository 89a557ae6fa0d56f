import { describeConfigKeys } from './describe-config.ts';

/** The Markdown table of every lakewarden.yaml key (path, type, default, description). */
export function renderConfigReference(): string {
  const rows = describeConfigKeys().map(
    (k) => `| \`${k.path}\` | ${k.type} | ${k.default} | ${k.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
  );
  return ['| Key | Type | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
