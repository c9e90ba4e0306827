import { describeOneOwner } from './one-owner-scenarios';

// Side by side: the in-memory defaults serve the scenarios' orders at once (14 s one after another, mostly waiting).
describeOneOwner('memory', () => ({ kind: 'memory' }), { concurrent: true });
