import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server standing in for the Task API in a client's unit test. */
export interface StandInServer {
  url: string;
  /** The headers of every request it answered, in order. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Listens on a free loopback port; `answer` gets each request with its number, from 1. */
export async function startStandInServer(answer: (request: IncomingMessage, response: ServerResponse, number: number) => void): Promise<StandInServer> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    answer(request, response, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
