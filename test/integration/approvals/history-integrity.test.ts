import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { computeHistoryHash } from '../../../src/store/history-store.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, type Harness, JIRA_TOKEN, WAREHOUSE_ID } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await harness?.close();
  harness = undefined;
});

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Runs the real CLI against the harness store, with the fake Jira's credentials in the environment. */
async function cli(h: Harness, args: string[]) {
  const file = join(h.dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `jira:\n  projectKey: FIN\nrules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${h.loaded.config.store.sqlitePath}\n`,
  );
  vi.stubEnv('JIRA_BASE_URL', h.jira.baseUrl);
  vi.stubEnv('JIRA_EMAIL', 'lakewarden-bot@example.com');
  vi.stubEnv('JIRA_API_TOKEN', JIRA_TOKEN);
  vi.stubEnv('JIRA_PROJECT_KEY', 'FIN');
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', file, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function approveAndDrain(h: Harness): Promise<string> {
  const { issueId, issueKey } = await h.scan();
  h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
  await h.deliver(h.webhookBody(issueId));
  await h.drain();
  return issueId;
}

async function historyRows(h: Harness) {
  return h.store.db.selectFrom('history').selectAll().orderBy('seq').execute();
}

describe('history that cannot be rewritten quietly', () => {
  it('redacts a secret that Databricks echoes in an error body before it reaches the history, the outbox or Jira', async () => {
    const h = await createHarness();
    harness = h;
    const echoed = `Invalid auto_stop_mins for request authorized with ${h.dbx.token} (Authorization: Bearer ${h.dbx.token})`;
    h.dbx.inject('POST', new RegExp(`/api/2\\.0/sql/warehouses/${WAREHOUSE_ID}/edit$`), {
      type: 'status',
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: echoed },
    });
    const issueId = await approveAndDrain(h);

    const [action] = await h.ports.actions.listByStates(['failed']);
    expect(action?.reason).toBe('write_rejected');
    const history = JSON.stringify(await historyRows(h));
    const outbox = JSON.stringify(await h.store.db.selectFrom('outbox').selectAll().execute());
    const actions = JSON.stringify(await h.store.db.selectFrom('actions').selectAll().execute());
    const jira = JSON.stringify(h.jira.state.issues.find((i) => i.id === issueId)?.comments);
    // The refusal reached every place, with the secret replaced.
    for (const text of [history, outbox, jira]) {
      expect(text).toContain('Databricks refused the change');
      expect(text).toContain('[REDACTED]');
    }
    for (const text of [history, outbox, actions, jira]) expect(text).not.toContain(h.dbx.token);
    // Redaction happened before hashing: the chain still verifies.
    expect((await cli(h, ['actions', 'verify'])).code).toBe(0);
  });

  it('passes `actions verify --against-jira` when the history matches the chain heads in the evidence comments', async () => {
    const h = await createHarness();
    harness = h;
    const issueId = await approveAndDrain(h);
    const rows = await historyRows(h);
    const comments = JSON.stringify(h.jira.state.issues.find((i) => i.id === issueId)?.comments);
    const heads = [...comments.matchAll(/lakewarden-chain:(\d+):([0-9a-f]{64})/g)];
    expect(heads.length).toBeGreaterThanOrEqual(1);
    for (const [, seq, hash] of heads) expect(rows.find((r) => Number(r.seq) === Number(seq))?.hash).toBe(hash);

    const result = await cli(h, ['actions', 'verify', '--against-jira']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^history intact: \d+ events, head [0-9a-f]{64}; matches the \d+ chain heads posted in Jira \(newest #\d+ on FIN-\d+\)$/,
    );
  });

  it('detects deleted newest events that the local chain alone cannot see (exit 1, one line)', async () => {
    const h = await createHarness();
    harness = h;
    await approveAndDrain(h);
    const rows = await historyRows(h);
    const last = Number(rows.at(-1)?.seq);
    await sql`drop trigger history_no_delete`.execute(h.store.db);
    await sql`delete from history where seq >= ${last - 1}`.execute(h.store.db);

    // The truncated chain is internally consistent…
    expect((await cli(h, ['actions', 'verify'])).code).toBe(0);
    // …but Jira holds the head of the deleted tail.
    const result = await cli(h, ['actions', 'verify', '--against-jira']);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `history TAMPERED: FIN-1 shows chain head #${last} but the local history ends at #${last - 2} (newest events deleted)`,
    );
  });

  it('still finds the heads when someone removed the lakewarden label from the issue in Jira', async () => {
    const h = await createHarness();
    harness = h;
    const issueId = await approveAndDrain(h);
    const issue = h.jira.state.issues.find((i) => i.id === issueId);
    if (issue !== undefined) issue.labels = issue.labels.filter((l) => l !== 'lakewarden');
    const last = Number((await historyRows(h)).at(-1)?.seq);
    await sql`drop trigger history_no_delete`.execute(h.store.db);
    await sql`delete from history where seq = ${last}`.execute(h.store.db);

    const result = await cli(h, ['actions', 'verify', '--against-jira']);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`shows chain head #${last} but the local history ends at #${last - 1}`);
  });

  it('detects a consistently rewritten tail (every hash recomputed) against the heads in Jira', async () => {
    const h = await createHarness();
    harness = h;
    await approveAndDrain(h);
    const rows = await historyRows(h);
    const last = rows.at(-1);
    const before = rows.at(-2);
    if (last === undefined || before === undefined) throw new Error('expected history');
    await sql`drop trigger history_no_delete`.execute(h.store.db);
    await sql`delete from history where seq = ${last.seq}`.execute(h.store.db);
    // The forger writes a different last event and a hash that chains correctly.
    const event = { event: 'refused:dry_run', state: 'refused', reason: 'dry_run', attempts: 0 };
    const seq = Number(last.seq);
    const hash = computeHistoryHash(before.hash, { seq, actionId: last.action_id, at: last.at, event });
    await h.store.db
      .insertInto('history')
      .values({
        seq,
        action_id: last.action_id,
        at: last.at,
        event: JSON.stringify(event),
        prev_hash: before.hash,
        hash,
      })
      .execute();

    expect((await cli(h, ['actions', 'verify'])).code).toBe(0);
    const result = await cli(h, ['actions', 'verify', '--against-jira']);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `history TAMPERED: FIN-1 shows chain head #${seq} ${last.hash} but the local event #${seq} has hash ${hash} (history rewritten)`,
    );
  });

  it('ignores chain heads in comments that are not the bot’s (a person cannot vouch for a forged history)', async () => {
    const h = await createHarness();
    harness = h;
    const issueId = await approveAndDrain(h);
    const issue = h.jira.state.issues.find((i) => i.id === issueId);
    issue?.comments.push({
      id: '99999',
      authorAccountId: FAKE_OWNER_ACCOUNT_ID,
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `lakewarden-chain:999:${'e'.repeat(64)}` }] }],
      },
      created: '2026-09-25T09:00:00.000+0000',
    });
    expect((await cli(h, ['actions', 'verify', '--against-jira'])).code).toBe(0);
  });
});
