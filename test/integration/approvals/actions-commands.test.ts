import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.ts';
import { FAKE_OWNER_ACCOUNT_ID } from '../../support/fake-jira.ts';
import { createHarness, type Harness } from './approval-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ROOT = new URL('../../../', import.meta.url).pathname;

async function cli(h: Harness, args: string[]) {
  const file = join(h.dir, 'lakewarden.yaml');
  writeFileSync(
    file,
    `rules:\n  directory: ${join(ROOT, 'rules')}\n  templatesDirectory: ${join(ROOT, 'templates')}\nstore:\n  sqlitePath: ${h.loaded.config.store.sqlitePath}\n`,
  );
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', file, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lakewarden actions list | show | verify', () => {
  it('lists and shows the action with its history hashes, verifies the chain, and exits 1 once a row is tampered with', async () => {
    const h = await createHarness();
    harness = h;
    const { issueId, issueKey } = await h.scan();
    h.jira.transitionAs(issueKey, FAKE_OWNER_ACCOUNT_ID, 'Approved');
    await h.deliver(h.webhookBody(issueId));
    await h.drain();

    const list = await cli(h, ['actions', 'list', '--state', 'verified', '--json']);
    expect(list.code).toBe(0);
    const actions = JSON.parse(list.out) as Array<{ id: string; state: string }>;
    expect(actions.map((a) => a.state)).toEqual(['verified']);
    const id = actions[0]?.id ?? '';

    const table = await cli(h, ['actions', 'list']);
    expect(table.out).toContain(id);
    expect((await cli(h, ['actions', 'list', '--state', 'nonsense'])).code).toBe(2);

    const show = await cli(h, ['actions', 'show', id]);
    expect(show.code).toBe(0);
    const hashes = await h.store.db.selectFrom('history').select(['seq', 'hash']).where('action_id', '=', id).execute();
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    for (const row of hashes) expect(show.out).toContain(row.hash);
    expect(show.out).toMatch(/state\s+verified/);
    expect(show.out).toContain('auto_stop_mins: 0 →');
    expect((await cli(h, ['actions', 'show', 'no-such-id'])).code).toBe(1);

    const clean = await cli(h, ['actions', 'verify']);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/^history intact: \d+ events, head [0-9a-f]{64}$/);

    // Tamper: an operator with DDL rights drops the append-only trigger and edits one event.
    await sql`drop trigger history_no_update`.execute(h.store.db);
    const victim = hashes[1]?.seq ?? 2;
    await sql`update history set event = ${'{"event":"verified","state":"verified"}'} where seq = ${victim}`.execute(
      h.store.db,
    );
    const tampered = await cli(h, ['actions', 'verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain(`history TAMPERED at seq ${Number(victim)}: hash-mismatch`);
  });
});
