import { describeStoriesAxeMatrix } from './stories-axe-matrix';

describeStoriesAxeMatrix(['es', 'ja']);
