import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export interface TestDatabase {
  /** Connection string of this file's own database. */
  url: string;
}

/** Runs `work` on a connection of its own to `connectionString`, closed after it. */
export async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for the calling test file, dropped after it. */
export function withTestDatabase(): TestDatabase {
  const database: TestDatabase = { url: '' };
  const name = `arp_test_${randomBytes(6).toString('hex')}`;
  const adminUrl = inject('postgresAdminUrl');
  const admin = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => withClient(adminUrl, work);
  beforeAll(async () => {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database.url = url.toString();
  });
  afterAll(async () => {
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return database;
}
