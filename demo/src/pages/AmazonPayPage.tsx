import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';

export function AmazonPayPage(_props: { sandbox: SandboxBackend }) {
  return <h1>Pay with Amazon Pay</h1>;
}
