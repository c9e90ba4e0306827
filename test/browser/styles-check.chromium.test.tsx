import { render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';

// This file imports no stylesheet up front (each browser test file runs in its own page).
const backend = createSandboxBackend();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => resetWarningsForTests());

describe("development warning when the kit's stylesheet is missing", () => {
  it('warns once, a second after the provider mounts, naming the import; not once styles.css is on the page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = render(<AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" />);
    const second = render(<AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" />);
    await wait(1200);
    expect(warn.mock.calls.filter(([message]) => String(message).includes('stylesheet is not loaded'))).toEqual([
      [expect.stringContaining("import 'react-amazon-pay-recovery/styles.css'")],
    ]);
    first.unmount();
    second.unmount();

    warn.mockClear();
    resetWarningsForTests();
    await import('../../src/styles/index.css');
    const styled = render(<AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" />);
    await wait(1200);
    expect(warn).not.toHaveBeenCalled();
    styled.unmount();
    warn.mockRestore();
  });
});
