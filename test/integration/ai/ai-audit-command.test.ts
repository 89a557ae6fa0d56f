import { describe, expect, it } from 'vitest';
import { analyzeFindings } from '../../../src/ai/analyze-findings.ts';
import { aiAuditCommand } from '../../../src/commands/ai-audit-command.ts';
import { useFakeVertex } from '../../support/fake-vertex.ts';
import { createMemoryLogger, createTestAiServices, openAiDatabase } from '../../support/fake-vertex-ai.ts';
import { buildWarehouseFinding } from '../../support/fake-vertex-findings.ts';

describe('lakewarden ai audit', () => {
  it('prints every audited exchange as a table and as JSON with the exact minimized request', async () => {
    const db = await openAiDatabase();
    useFakeVertex([{ text: 'not json', inputTokens: 321, outputTokens: 7 }, { status: 400 }]);
    const ai = createTestAiServices(db);
    await analyzeFindings([buildWarehouseFinding()], ai, createMemoryLogger());
    await analyzeFindings([buildWarehouseFinding()], ai, createMemoryLogger());

    const table: string[] = [];
    await aiAuditCommand(db, { out: (t) => table.push(t), err: () => {} }, { json: false });
    const text = table.join('\n');
    expect(text).toMatch(
      /analysis\s+gemini-2\.5-flash\s+europe-west4\s+https:\/\/europe-west4-aiplatform\.googleapis\.com\s+321\s+7\s+[0-9a-f]{12}\s+ok/,
    );
    expect(text).toContain('ExternalServiceError: Vertex AI generateContent failed with');
    expect(text).toContain('2 exchange(s)');

    const json: string[] = [];
    await aiAuditCommand(db, { out: (t) => json.push(t), err: () => {} }, { json: true, limit: 1 });
    const rows = JSON.parse(json.join('')) as Array<{
      request: { messages: Array<{ parts: Array<{ text: string }> }> };
    }>;
    expect(rows).toHaveLength(1);
    const minimized = JSON.parse(rows[0]?.request.messages[0]?.parts[0]?.text ?? '{}') as {
      resource: { name: string };
    };
    expect(minimized.resource.name).toMatch(/^warehouse#[0-9a-f]{4}$/);
  });
});
