import { withClient, withTestDatabase } from './database';

const database = withTestDatabase();

describe('the test PostgreSQL server', () => {
  it('gives this file its own empty database', async () => {
    const { rows } = await withClient(database.url, (client) =>
      client.query<{ db: string; tables: string }>(
        "SELECT current_database() AS db, (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')::text AS tables",
      ),
    );
    expect(rows[0]!.db).toMatch(/^arp_test_/);
    expect(rows[0]!.tables).toBe('0');
  });
});
