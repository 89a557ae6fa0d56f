import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secretsEqual, signBody, verifySignature } from '../../../src/intake/verify-signature.ts';

const vector = JSON.parse(
  readFileSync(new URL('../../fixtures/jira/webhook-signature-test-vector.json', import.meta.url), 'utf8'),
) as { secret: string; body: string; value: string };
const body = Buffer.from(vector.body);

describe('verifySignature', () => {
  it("verifies Atlassian's published test vector", () => {
    expect(verifySignature(body, vector.value, [vector.secret])).toEqual({ ok: true, secretIndex: 0 });
    expect(signBody(vector.body, vector.secret)).toBe(vector.value);
  });

  it('accepts upper-case hex and reports which rotated secret matched', () => {
    expect(
      verifySignature(body, vector.value.toUpperCase().replace('SHA256', 'sha256'), ['new', vector.secret]),
    ).toEqual({
      ok: true,
      secretIndex: 1,
    });
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['sha1', `sha1=${'a'.repeat(40)}`, 'malformed'],
    ['no prefix', vector.value.slice(7), 'malformed'],
    ['63 hex', vector.value.slice(0, -1), 'malformed'],
    ['65 hex', `${vector.value}0`, 'malformed'],
    ['non-hex', `sha256=${'g'.repeat(64)}`, 'malformed'],
    ['wrong digest', `sha256=${'0'.repeat(64)}`, 'mismatch'],
  ] as const)('rejects a %s header without throwing', (_name, header, reason) => {
    expect(verifySignature(body, header, [vector.secret])).toEqual({ ok: false, reason });
  });

  it('rejects a body that differs by one byte', () => {
    expect(verifySignature(Buffer.from('Hello World! '), vector.value, [vector.secret]).ok).toBe(false);
  });

  it('refuses to run without a secret (the server must not start)', () => {
    expect(() => verifySignature(body, vector.value, [])).toThrow(/no webhook secret/);
  });

  it('compares with crypto.timingSafeEqual, never === or Buffer.equals on signatures', () => {
    const source = readFileSync(new URL('../../../src/intake/verify-signature.ts', import.meta.url), 'utf8');
    expect(source).toMatch(/timingSafeEqual\(given, expected\)/);
    expect(source).not.toMatch(/\.equals\(|given\s*===|expected\s*===/);
  });
});

describe('secretsEqual', () => {
  it('is true only for the identical secret', () => {
    expect(secretsEqual('s3cret', 's3cret')).toBe(true);
    expect(secretsEqual('s3cret ', 's3cret')).toBe(false);
    expect(secretsEqual('S3cret', 's3cret')).toBe(false);
    expect(secretsEqual(undefined, 's3cret')).toBe(false);
  });
});
