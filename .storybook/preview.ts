import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: { layout: 'centered' },
  tags: ['autodocs'],
};
export default preview;
