/**
 * A throwaway PostgreSQL server for the pg tests: Debian's PostgreSQL
 * (default /usr/lib/postgresql/15/bin, override with PG_BIN) in a temporary
 * directory, on a free loopback port, socket in the same directory. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresCluster {
  /** Connection string of the `postgres` database (superuser, trust auth on loopback only). */
  readonly url: string;
  /** Stops the server the way an administrator or a failover does (fast shutdown: every connection is terminated); the data stays. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again on the same port. */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

function findPgBin(): string {
  const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('No PostgreSQL server binaries (initdb): apt-get install -y postgresql, or set PG_BIN or DATABASE_URL.');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', user]);
  const { stdout: gid } = await run('id', ['-g', user]);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPgBin();
  const dir = await mkdtemp(join(tmpdir(), 'arp-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = await uidOf('postgres');
    await chown(dir, uid, gid);
  }
  await chmod(dir, 0o700);
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  const port = await freePort();
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // fsync off: a test cluster is thrown away, and the 2-core machine is shared.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const startServer = async () => {
    await pg('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  };
  await startServer();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stopServer() {
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    startServer,
    async stop() {
      try {
        await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
