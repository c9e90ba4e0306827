import { version } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';

describe(`React ${version}`, () => {
  it('renders the provider on the server without touching window', () => {
    const html = renderToString(
      <AmazonPayProvider backend={createSandboxBackend()} sellerId="A1B2C3D4E5F6G7" region="uk">
        <p>basket</p>
      </AmazonPayProvider>,
    );
    expect(html).toContain('basket');
  });

  it('runs on the React major of its matrix project', () => {
    expect(version.split('.')[0]).toBe(process.env.REACT_MATRIX ?? '19');
  });
});
