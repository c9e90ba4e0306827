import { describeOneOwner } from '../server/one-owner-scenarios';
import { withTestDatabase } from './database';

const database = withTestDatabase();
describeOneOwner('PostgreSQL + pg-boss', () => ({ kind: 'postgres', databaseUrl: database.url }));
