import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1, random port. */
export async function listenOnLoopback(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback server that records every request with its body before answering it. */
export async function startRecordingServer(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<Listening & { readonly requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  const listening = await listenOnLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      respond(req, res, body);
    });
  });
  return { ...listening, requests };
}
