import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../support/postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string: DATABASE_URL, or the cluster this run started. Each file makes its own database. */
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL cluster per test run, unless DATABASE_URL names the merchant's own server. */
export default async function setup(project: TestProject) {
  const own = process.env.DATABASE_URL;
  if (own) {
    project.provide('postgresAdminUrl', own);
    return;
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.url);
  return () => cluster.stop();
}
