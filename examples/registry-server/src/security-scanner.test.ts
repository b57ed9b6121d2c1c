import { parsePatternPackage } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { samplePackage } from './fixtures.js';
import { createAnonymizerScanner, notASecretLiteral } from './security-scanner.js';

function scan(code: string) {
  const pkg = parsePatternPackage(
    samplePackage('acme/sample', '1.0.0', {
      fields: { files: [{ path: 'src/sample.py', content: code, language: 'python' }] },
    }),
  );
  const findings = createAnonymizerScanner().scan(pkg) as readonly { severity: string; rule: string }[];
  return findings.filter((finding) => finding.severity === 'critical' || finding.severity === 'high');
}

describe('the secret scanner', () => {
  it('does not block the code samples of the DStudio library (lines as they are there)', () => {
    for (const line of [
      'token = deadline_context.set(absolute_deadline)',
      '  authorization: 1s',
      "headers={'Authorization': 'Bearer token'}",
      'headers = {"Authorization": "Bearer test_token"}',
      'access_token = jwt.encode(payload, key)',
      "'aws_access_key': 'your-access-key',",
      'export DB_PASSWORD="{{ .Data.password }}"',
      'password="secretpassword"',
      '"password": "password123"',
      'api_key = request.get("api_key")',
      'Lock granted (token: 1001)',
      'self.private_key = serialization.load_pem_private_key(f.read(), password=None)',
      'next_cursor: "eyJpZCI6InVzZXJfMTIzIn0="',
      'INVALID_CREDENTIALS = 1001',
    ]) {
      expect(scan(line), line).toEqual([]);
    }
  });

  it('still blocks secret literals and known token formats', () => {
    for (const line of [
      'password = "S3cr3t!Pa55w0rd"',
      'api_key = "a8f5f167f44f4964e6c998dee827110c"',
      "token: 'xq7Vb2Lm9Rt4Wz8Kp3Nd'",
      'GITHUB_TOKEN = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"',
      'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    ]) {
      expect(scan(line).length, line).toBeGreaterThan(0);
    }
  });

  it('says why a matched value is not a secret literal', () => {
    expect(notASecretLiteral('deadline_context.set(absolute_deadline')).toBe(
      'code (a name or an expression)',
    );
    expect(notASecretLiteral('1s')).toBe('a number or a duration');
    expect(notASecretLiteral('your-cf-token')).toBe('a placeholder');
    expect(notASecretLiteral('AgBy3i4OJSWK+PiTySYZZA9rO43cGDEQAx', '...')).toBe(
      'a template or a truncated sample',
    );
    expect(notASecretLiteral('S3cr3t!Pa55w0rd')).toBeUndefined();
  });
});
