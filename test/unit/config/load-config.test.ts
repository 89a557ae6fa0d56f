import { describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.ts';
import { loadConfig, parseConfigText } from '../../../src/config/load-config.ts';
import { ConfigError, exitCodeFor } from '../../../src/errors.ts';

describe('lakewarden.yaml validation', () => {
  it('applies defaults to an empty file', () => {
    const config = parseConfigText('', 'lakewarden.yaml');
    expect(config.jira.statuses).toMatchObject({ approved: 'Approved', done: 'Done', declined: "Won't Do" });
    expect(config.routing.tagKeys).toEqual(['owner', 'team', 'cost_center']);
  });

  it('names the file, the line, the path and what was expected', () => {
    const text = [
      'jira:',
      '  projectKey: FIN',
      'routing:',
      '  teams:',
      '    payments:',
      '      labels: ["has space"]',
      '',
    ].join('\n');
    expect(() => parseConfigText(text, 'conf/lakewarden.yaml')).toThrow(
      /conf\/lakewarden\.yaml:6: routing\.teams\.payments\.labels\[0\]: labels cannot contain spaces/,
    );
  });

  it('rejects unknown top-level keys and wrong types with exit code 2', () => {
    try {
      parseConfigText('jira:\n  reopenWhenWorseFactor: "lots"\nrulez: {}\n', 'x.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(exitCodeFor(error)).toBe(2);
      const message = (error as Error).message;
      expect(message).toMatch(/x\.yaml:2: jira\.reopenWhenWorseFactor: .*number/);
      expect(message).toMatch(/rulez/);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseConfigText('jira:\n  projectKey: [FIN\nrouting: {}\n', 'bad.yaml')).toThrow(
      /bad\.yaml: line \d+:/,
    );
  });

  it('names a missing file and a bad environment variable', async () => {
    await expect(loadConfig({ path: '/nonexistent/lakewarden.yaml', env: {} })).rejects.toThrow(
      /\/nonexistent\/lakewarden\.yaml: cannot read configuration file \(ENOENT\)/,
    );
    await expect(loadConfig({ env: { PORT: 'eighty' } })).rejects.toThrow(/environment variable PORT/);
  });

  it('treats empty environment values as unset', () => {
    expect(readEnv({ JIRA_API_TOKEN: '  ', PORT: '9090' })).toMatchObject({ JIRA_API_TOKEN: undefined, PORT: 9090 });
  });
});
