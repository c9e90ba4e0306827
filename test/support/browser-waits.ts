import { configure } from '@testing-library/react';
import { BROWSER_WAIT_MS } from './browser-wait-limit.mjs';

// The chromium project's setup file: Testing Library's waits get the project's limit (vite.config.ts gives
// expect.poll the same one).
configure({ asyncUtilTimeout: BROWSER_WAIT_MS });
