import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A loopback HTTP server answering with msw handlers, so child processes (which msw cannot intercept) reach a fake. */
export interface LoopbackFake {
  url: string;
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * Starts a server on 127.0.0.1 (random port) that turns every request into a Fetch `Request` on the same URL and
 * answers with `getResponse(handlers(), request)` (msw's resolver, no interception), or 404. `beforeRespond`
 * may hold a request (e.g. a Databricks write) until the test lets it go.
 * `handlers` is called per request, so the fake can be created after the port is known.
 */
export async function startLoopbackFake(
  handlers: () => RequestHandler[],
  options: { beforeRespond?: (request: Request) => Promise<void> } = {},
): Promise<LoopbackFake> {
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const request = new Request(`${base}${req.url ?? '/'}`, {
        method,
        headers: headersOf(req),
        ...(body === undefined ? {} : { body }),
      });
      await options.beforeRespond?.(request.clone());
      const response = await getResponse(handlers(), request);
      if (response === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no fake route"}');
        return;
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
