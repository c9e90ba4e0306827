import { describeOneOwner } from './one-owner-scenarios';

describeOneOwner('memory', () => ({ kind: 'memory' }));
