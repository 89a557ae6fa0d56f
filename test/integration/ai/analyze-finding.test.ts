import { describe, expect, it } from 'vitest';
import { analyzeFindings } from '../../../src/ai/analyze-findings.ts';
import { listAuditRows } from '../../../src/ai/audit.ts';
import { AI_BANNER } from '../../../src/ai/render-analysis-section.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

const VALID = {
  likelyCause:
    'Auto-stop is 0, so warehouse#TOKEN never stops: it ran 96 idle hours after the last query at 24 DBU per hour.',
  context: 'At $0.70 per DBU this idle time is most of the $3,360 list cost; the estimate is $1,290.24 per month.',
  checksBeforeApproving: [
    'Check that no dashboard needs the warehouse warm; with auto_stop_mins at 10 the next query waits for a cold start.',
  ],
};

/** A clock that advances one second per reading, so audit rows sort by time. */
function tickingClock(): () => Date {
  let t = Date.parse('2026-11-02T09:00:00.000Z');
  return () => {
    t += 1000;
    return new Date(t);
  };
}

function replyText(analysis: typeof VALID, token: string): string {
  return JSON.stringify({ ...analysis, likelyCause: analysis.likelyCause.replace('warehouse#TOKEN', token) });
}

describe('AI analysis of a finding (Vertex AI mocked with msw)', () => {
  it('sends only the minimized finding (names hashed) and adds a verified Analysis section; one audit row', async () => {
    const db = await openAiDatabase();
    const ai = createTestAiServices(db, {}, tickingClock());
    const finding = buildWarehouseFinding();
    // First request to learn the token; the reply is then scripted with it.
    const seen = useFakeVertex([{ text: replyText(VALID, 'warehouse#0000') }]);
    const logger = createMemoryLogger();
    await analyzeFindings([finding], ai, logger);
    const sent = JSON.stringify(seen.bodies[0]);
    const token = /warehouse#[0-9a-f]{4}/.exec(sent)?.[0] ?? 'missing';
    expect(logger.lines.at(-1)?.object.reason).toMatch(/names warehouse#0000/);

    useFakeVertex([{ text: replyText(VALID, token) }]);
    const sections = await analyzeFindings([finding], ai, logger);
    const section = sections.get(finding.fingerprint);
    expect(section).toBeDefined();
    const text = JSON.stringify(section);
    expect(text).toContain('Analysis');
    expect(text).toContain(AI_BANNER);
    expect(text).toContain('acme-finance-bi never stops');
    expect(text).not.toContain(token);

    for (const secret of ['acme-finance-bi', 'ana@acme.example', 'bob@acme.example', 'Acme Finance EMEA'])
      expect(sent).not.toContain(secret);

    const rows = await listAuditRows(db);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      purpose: 'analysis',
      endpoint: 'https://europe-west4-aiplatform.googleapis.com',
      region: 'europe-west4',
      model: 'gemini-2.5-flash',
      minimizerVersion: 1,
      inputTokens: 120,
      outputTokens: 40,
      error: null,
    });
    expect(rows[0]?.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.request).toContain('3c9d0e1f2a3b4c5d');
    expect(rows[0]?.response).toContain(token);
    expect(rows[1]?.response).toContain('warehouse#0000');
  });

  it('the exact minimized request: allowlisted fields only, names, owners and tag values as tokens', async () => {
    const db = await openAiDatabase();
    const seen = useFakeVertex([{ status: 400 }]);
    await analyzeFindings([buildWarehouseFinding()], createTestAiServices(db), createMemoryLogger());
    const contents = seen.bodies[0]?.contents as Array<{ parts: Array<{ text: string }> }>;
    const minimized = JSON.parse(contents[0]?.parts[0]?.text ?? 'null') as unknown;
    expect(minimized).toMatchInlineSnapshot(`
      {
        "estimate": {
          "formula": "idle hours after the last query × 0.8 recoverable × DBU per hour × USD per DBU × 30 / window days",
          "usdPerDbu": 0.7,
          "usdPerMonth": 1290.24,
        },
        "evidence": [
          {
            "fact": "config.auto_stop_mins",
            "label": "Auto-stop (0 = never)",
            "threshold": "0 or more than 30",
            "unit": "minutes",
            "value": 0,
          },
          {
            "fact": "idleTailHours",
            "label": "Idle hours after the last query before stopping",
            "threshold": "more than 5",
            "unit": "hours",
            "value": 96,
          },
          {
            "fact": "dbuPerHour",
            "label": "DBU per hour per cluster",
            "unit": "DBU/hour",
            "value": 24,
          },
          {
            "fact": "usdPerDbu",
            "label": "List price",
            "unit": "USD/DBU",
            "value": 0.7,
          },
          {
            "fact": "costUsd",
            "label": "List cost in the window",
            "unit": "USD",
            "value": 3360,
          },
        ],
        "fingerprint": "3c9d0e1f2a3b4c5d",
        "minimizerVersion": 1,
        "params": {
          "maxAutoStopMins": 30,
          "minIdleTailHours": 5,
          "recoverableShare": 0.8,
          "targetAutoStopMins": 10,
        },
        "plan": {
          "autonomy": "approval",
          "changes": [
            {
              "after": 10,
              "before": 0,
              "field": "auto_stop_mins",
            },
          ],
          "restarts": false,
          "risk": "None: the warehouse restarts on the next query (cold start of a few seconds).",
          "strategy": "warehouse-auto-stop",
        },
        "resource": {
          "id": "a1b2c3d4e5f60718",
          "kind": "warehouse",
          "name": "warehouse#53a7",
          "owners": {
            "creator": "user#0441",
            "owner": "user#4c82",
          },
          "tagKeys": [
            "owner",
            "cost_center",
          ],
          "tags": {
            "cost_center": "tag#deed",
            "owner": "user#4c82",
          },
          "workspaceId": "1234567890123456",
        },
        "rule": {
          "category": "cost",
          "id": "warehouse-auto-stop-too-long",
          "severity": "medium",
          "title": "SQL warehouse auto-stop is off or too long",
        },
        "window": {
          "days": 30,
          "end": "2026-10-30",
          "start": "2026-10-01",
        },
      }
    `);
  });

  it('drops an analysis that invents a number and logs the reason', async () => {
    const db = await openAiDatabase();
    const ai = createTestAiServices(db, { hashIdentifiers: false });
    const invented = { ...VALID, context: 'This wastes about $2,150.00 per month.' };
    useFakeVertex([{ text: JSON.stringify({ ...invented, likelyCause: 'Auto-stop is 0.' }) }]);
    const logger = createMemoryLogger();
    const sections = await analyzeFindings([buildWarehouseFinding()], ai, logger);
    expect(sections.size).toBe(0);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ object: expect.objectContaining({ reason: expect.stringMatching(/2,150\.00/) }) }),
    );
  });

  it('drops an analysis that recommends a change other than the planned one', async () => {
    const db = await openAiDatabase();
    useFakeVertex([
      {
        text: JSON.stringify({
          ...VALID,
          likelyCause: 'Auto-stop is 0.',
          checksBeforeApproving: ['Also lower max_num_clusters.'],
        }),
      },
    ]);
    const logger = createMemoryLogger();
    const sections = await analyzeFindings([buildWarehouseFinding()], createTestAiServices(db), logger);
    expect(sections.size).toBe(0);
    expect(JSON.stringify(logger.lines)).toContain('mentions the field max_num_clusters');
  });

  it('returns no analysis (never throws) on 500s, timeouts and invalid output, and audits each exchange', async () => {
    const db = await openAiDatabase();
    const ai = createTestAiServices(db, { timeoutMs: 1000 }, tickingClock());
    const finding = buildWarehouseFinding();
    const logger = createMemoryLogger();
    useFakeVertex([{ status: 500 }, { status: 500 }, { status: 500 }, { text: 'not json' }, { hang: true }]);
    expect((await analyzeFindings([finding], ai, logger)).size).toBe(0);
    expect((await analyzeFindings([finding], ai, logger)).size).toBe(0);
    expect((await analyzeFindings([finding], ai, logger)).size).toBe(0);
    const rows = await listAuditRows(db);
    expect(rows.map((r) => r.error === null)).toEqual([false, true, false]);
    expect(rows[0]?.error).toMatch(/timed out after 1000 ms/);
    expect(rows[2]?.error).toMatch(/HTTP 500/);
    expect(logger.lines.map((l) => l.object.reason)).toEqual([
      expect.stringMatching(/ExternalServiceError: Vertex AI generateContent failed with HTTP 500/),
      'invalid-output',
      expect.stringMatching(/timed out/),
    ]);
  });

  it('refuses beyond the daily call budget without sending a request', async () => {
    const db = await openAiDatabase();
    const ai = createTestAiServices(db, { maxCallsPerDay: 1 });
    const seen = useFakeVertex([{ text: 'not json' }]);
    const logger = createMemoryLogger();
    await analyzeFindings(
      [buildWarehouseFinding(), buildWarehouseFinding({ fingerprint: 'ffff0000ffff0000' })],
      ai,
      logger,
    );
    expect(seen.bodies).toHaveLength(1);
    expect(logger.lines.at(-1)?.object.reason).toMatch(/AiRefusal: AI call budget of 1/);
  });

  it('with AI off no AI code path runs and no request is attempted (msw fails unhandled requests)', async () => {
    const db = await openAiDatabase();
    const ai = createTestAiServices(db, { enabled: false });
    expect(ai).toBeUndefined();
    const sections = await analyzeFindings([buildWarehouseFinding()], ai, createMemoryLogger());
    expect(sections.size).toBe(0);
    expect(await listAuditRows(db)).toEqual([]);
  });
});
