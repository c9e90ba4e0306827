import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: {
    layout: 'centered',
    // Story tests fail on any axe violation (addon-vitest + addon-a11y).
    a11y: { test: 'error' },
  },
  tags: ['autodocs'],
};
export default preview;
