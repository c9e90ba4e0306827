/** Self-signed certificates for the server tests, made with the openssl CLI. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export function makeSelfSignedCertificate(commonName: string, subjectAltName?: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'amazon-pay-test-cert-'));
  try {
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${commonName}`];
    if (subjectAltName) args.push('-addext', `subjectAltName=${subjectAltName}`);
    args.push('-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'));
    execFileSync('openssl', args, { stdio: 'ignore' });
    return { certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
