import { describeStoriesAxeMatrix } from './stories-axe-matrix';

describeStoriesAxeMatrix(['fr', 'it']);
