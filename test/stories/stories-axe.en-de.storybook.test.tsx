import { describeStoriesAxeMatrix } from './stories-axe-matrix';

describeStoriesAxeMatrix(['en', 'de']);
