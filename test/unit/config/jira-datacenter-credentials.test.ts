import { describe, expect, it } from 'vitest';
import { jiraDataCenterCredentials, readEnv, secretValues } from '../../../src/config/env.ts';
import { ConfigError } from '../../../src/errors.ts';

const URL = 'https://jira.example.com/jira';

describe('jiraDataCenterCredentials', () => {
  it('takes a PAT (bearer) first, else username and password; none set is a dry run', () => {
    expect(jiraDataCenterCredentials(readEnv({}))).toBeUndefined();
    expect(jiraDataCenterCredentials(readEnv({ JIRA_BASE_URL: URL, JIRA_PAT: 'pat-123456' }))).toEqual({
      baseUrl: URL,
      auth: { type: 'pat', token: 'pat-123456' },
    });
    expect(
      jiraDataCenterCredentials(readEnv({ JIRA_BASE_URL: URL, JIRA_USERNAME: 'bot', JIRA_PASSWORD: 'pw-123456' })),
    ).toEqual({ baseUrl: URL, auth: { type: 'basic', username: 'bot', password: 'pw-123456' } });
  });

  it('names what is missing, and refuses plain http off loopback', () => {
    expect(() => jiraDataCenterCredentials(readEnv({ JIRA_PAT: 'pat-123456' }))).toThrow(/JIRA_BASE_URL is not set/);
    expect(() => jiraDataCenterCredentials(readEnv({ JIRA_BASE_URL: URL, JIRA_USERNAME: 'bot' }))).toThrow(
      /set JIRA_PAT .* or JIRA_USERNAME and JIRA_PASSWORD/,
    );
    expect(() =>
      jiraDataCenterCredentials(readEnv({ JIRA_BASE_URL: 'http://jira.example.com', JIRA_PAT: 'pat-123456' })),
    ).toThrow(ConfigError);
  });

  it('scrubs the PAT and the password', () => {
    expect(secretValues(readEnv({ JIRA_PAT: 'pat-123456', JIRA_PASSWORD: 'pw-123456' }))).toEqual(
      expect.arrayContaining(['pat-123456', 'pw-123456']),
    );
  });
});
