import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintLabel, fingerprintOf } from '../../../src/findings/fingerprint.ts';

const kind = fc.constantFrom('warehouse' as const, 'cluster' as const, 'job' as const);
const ref = fc.record({ workspaceId: fc.string({ minLength: 1 }), kind, id: fc.string({ minLength: 1 }) });
const ruleId = fc.stringMatching(/^[a-z]+(-[a-z]+){0,3}$/);

describe('fingerprintOf', () => {
  it('is 16 hex characters and stable for the same rule and resource', () => {
    fc.assert(
      fc.property(ruleId, ref, (rule, r) => {
        const a = fingerprintOf(rule, r);
        expect(a).toMatch(/^[0-9a-f]{16}$/);
        expect(fingerprintOf(rule, { ...r })).toBe(a);
      }),
    );
  });

  it('differs when the rule, workspace, kind or id differs', () => {
    fc.assert(
      fc.property(ruleId, ruleId, ref, ref, (ruleA, ruleB, a, b) => {
        fc.pre(ruleA !== ruleB || a.workspaceId !== b.workspaceId || a.kind !== b.kind || a.id !== b.id);
        // Separator ambiguity ("a|b" + "c" vs "a" + "b|c") is excluded by the generators' alphabets only
        // for rule ids; ids may contain "|", so skip pairs that collide textually.
        fc.pre(`${ruleA}|${a.workspaceId}|${a.kind}|${a.id}` !== `${ruleB}|${b.workspaceId}|${b.kind}|${b.id}`);
        expect(fingerprintOf(ruleA, a)).not.toBe(fingerprintOf(ruleB, b));
      }),
    );
  });

  it('is the documented sha256 prefix and labels as lw-fp-<fingerprint>', () => {
    const fp = fingerprintOf('warehouse-auto-stop-too-long', {
      workspaceId: '123',
      kind: 'warehouse',
      id: 'ec58ee3772e8d305',
    });
    expect(fp).toBe('abbed352e0bd514f');
    expect(fingerprintLabel(fp)).toBe(`lw-fp-${fp}`);
  });
});
