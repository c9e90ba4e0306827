/// <reference types="node" />
/**
 * The Checkout v2 private key as merchants paste it: a PEM file, often in one
 * `.env` line with literal `\n`, sometimes with Windows line ends or quotes.
 * Normalised and tried once (a test signature) when the client is created, so
 * a key that cannot sign stops the server at start-up, not at the first payment.
 */
import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { AmazonPayError } from '../../domain/errors';

const invalid = (message: string): AmazonPayError =>
  new AmazonPayError('validation', message, { code: 'InvalidConfiguration', retryable: false });

/** The PEM with real line breaks: literal `\n` (one `.env` line), `\r\n` and surrounding quotes or spaces undone. */
export function normalisePem(value: string): string {
  return `${value
    .trim()
    .replace(/^(['"])([\s\S]*)\1$/, '$2')
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/\r\n?/g, '\n')
    .trim()}\n`;
}

/** Parses the key and signs a test string the way Amazon's SDK does (RSASSA-PSS, SHA-256); throws one sentence naming `privateKey`. */
export function checkedPrivateKey(value: unknown): string {
  if (typeof value !== 'string' && !Buffer.isBuffer(value))
    throw invalid(
      'createCheckoutV2Client: privateKey is missing; pass the PEM private key Seller Central gave you with the public key id.',
    );
  const pem = normalisePem(String(value));
  if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
    throw invalid(
      'createCheckoutV2Client: privateKey is not a PEM private key (no "-----BEGIN PRIVATE KEY-----" line); pass the whole .pem file Seller Central gave you (in one .env line, literal \\n are accepted).',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new AmazonPayError(
      'validation',
      `createCheckoutV2Client: privateKey could not be read (${(cause as Error).message}); pass the whole .pem file, its lines intact or joined with literal \\n.`,
      { code: 'InvalidConfiguration', retryable: false, cause },
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw invalid(`createCheckoutV2Client: privateKey is a ${String(key.asymmetricKeyType)} key; Amazon Pay keys are RSA.`);
  try {
    sign('sha256', Buffer.from('react-amazon-pay-recovery start-up check'), {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
  } catch (cause) {
    throw new AmazonPayError(
      'validation',
      `createCheckoutV2Client: privateKey cannot sign (${(cause as Error).message}); pass the RSA private key Seller Central gave you.`,
      { code: 'InvalidConfiguration', retryable: false, cause },
    );
  }
  return pem;
}

/**
 * Public key ids made in Seller Central since 2021 carry their environment
 * (`LIVE-AE...`, `SANDBOX-AE...`); older ones have no prefix and work in both.
 */
export function checkPublicKeyId(publicKeyId: unknown, sandbox: unknown): string {
  if (typeof publicKeyId !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(publicKeyId)) {
    throw invalid(
      `createCheckoutV2Client: publicKeyId ${JSON.stringify(publicKeyId)} is not an Amazon Pay public key id (e.g. SANDBOX-AEXAMPLE...); copy it from Seller Central, Integration Central.`,
    );
  }
  if (typeof sandbox !== 'boolean') throw invalid('createCheckoutV2Client: sandbox must be true or false.');
  if (publicKeyId.startsWith('LIVE-') && sandbox)
    throw invalid(
      `createCheckoutV2Client: publicKeyId ${publicKeyId} is a live key but sandbox is true; use a SANDBOX- key for the sandbox, or set sandbox: false.`,
    );
  if (publicKeyId.startsWith('SANDBOX-') && !sandbox)
    throw invalid(
      `createCheckoutV2Client: publicKeyId ${publicKeyId} is a sandbox key but sandbox is false; use a LIVE- key in production, or set sandbox: true.`,
    );
  return publicKeyId;
}
