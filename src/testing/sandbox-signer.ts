/**
 * The sandbox signs button payloads for real, the way Amazon's SDK does
 * (RSA-PSS, SHA-256, salt 32, over "AMZN-PAY-RSASSA-PSS-V2\n" + hex(SHA-256(payload))),
 * with a key pair generated in memory per page. It proves nothing to Amazon; it
 * keeps the sandbox honest about byte-identical payloads.
 */
const ALGORITHM = 'AMZN-PAY-RSASSA-PSS-V2';
let keyPair: Promise<CryptoKeyPair> | undefined;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function stringToSign(payloadJSON: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(payloadJSON));
  return `${ALGORITHM}\n${hex(digest)}`;
}

export async function signSandboxPayload(payloadJSON: string): Promise<string> {
  keyPair ??= globalThis.crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  ) as Promise<CryptoKeyPair>;
  const { privateKey } = await keyPair;
  const signature = await globalThis.crypto.subtle.sign(
    { name: 'RSA-PSS', saltLength: 32 },
    privateKey,
    new TextEncoder().encode(await stringToSign(payloadJSON)),
  );
  return base64(signature);
}
