import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../config';
import { connectClient, connectNative } from './connect';
import { temporalTarget } from './target';

/**
 * Temporal Cloud (or any secured cluster) is reached through Temporal's own environment variables,
 * which `@temporalio/envconfig` reads: these tests show they reach the connections Conveyor opens.
 */
describe('the Temporal target from Temporal environment variables', () => {
  afterEach(() => vi.unstubAllEnvs());

  /** A loopback stand-in for a Temporal frontend: answers every gRPC call with an empty message, recording each call's headers. */
  async function standInFrontend(): Promise<{ address: string; calls: http2.IncomingHttpHeaders[]; close: () => Promise<void> }> {
    const calls: http2.IncomingHttpHeaders[] = [];
    const server = http2.createServer();
    server.on('stream', (stream, headers) => {
      calls.push(headers);
      stream.on('data', () => {});
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        // One gRPC message frame: not compressed, zero bytes long (every field at its default).
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { address: `127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('TEMPORAL_API_KEY reaches the client and the worker connections as a bearer token, with the namespace from TEMPORAL_NAMESPACE', async () => {
    const frontend = await standInFrontend();
    try {
      vi.stubEnv('TEMPORAL_ADDRESS', frontend.address);
      vi.stubEnv('TEMPORAL_NAMESPACE', 'acme.a1b2c');
      vi.stubEnv('TEMPORAL_API_KEY', 'key-for-the-test');
      // An API key turns TLS on by default (Temporal Cloud); the loopback stand-in speaks plain HTTP/2.
      vi.stubEnv('TEMPORAL_TLS', 'false');
      const target = temporalTarget(loadSettings({ TEMPORAL_ADDRESS: frontend.address }));
      expect(target).toMatchObject({ address: frontend.address, namespace: 'acme.a1b2c' });

      const client = await connectClient(target);
      await client.connection.close();
      const native = await connectNative(target);
      await native.close();

      expect(frontend.calls.length).toBeGreaterThanOrEqual(2);
      for (const call of frontend.calls) expect(call.authorization).toBe('Bearer key-for-the-test');
    } finally {
      await frontend.close();
    }
  });

  it('an API key alone turns TLS on, as Temporal Cloud needs', () => {
    vi.stubEnv('TEMPORAL_ADDRESS', 'acme.a1b2c.tmprl.cloud:7233');
    vi.stubEnv('TEMPORAL_API_KEY', 'key-for-the-test');
    const { connectionOptions } = temporalTarget(loadSettings({ TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233' }));
    expect(connectionOptions.tls).toBe(true);
  });

  it('mTLS: TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH become the connection client certificate', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-tls-'));
    try {
      writeFileSync(path.join(dir, 'client.pem'), 'CERTIFICATE FOR THE TEST');
      writeFileSync(path.join(dir, 'client.key'), 'KEY FOR THE TEST');
      vi.stubEnv('TEMPORAL_ADDRESS', 'acme.a1b2c.tmprl.cloud:7233');
      vi.stubEnv('TEMPORAL_TLS_CLIENT_CERT_PATH', path.join(dir, 'client.pem'));
      vi.stubEnv('TEMPORAL_TLS_CLIENT_KEY_PATH', path.join(dir, 'client.key'));
      vi.stubEnv('TEMPORAL_TLS_SERVER_NAME', 'acme.a1b2c.tmprl.cloud');
      const { connectionOptions } = temporalTarget(loadSettings({ TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233' }));
      expect(connectionOptions.tls).toMatchObject({ serverNameOverride: 'acme.a1b2c.tmprl.cloud' });
      const pair = (connectionOptions.tls as { clientCertPair?: { crt: Uint8Array; key: Uint8Array } }).clientCertPair;
      expect(Buffer.from(pair?.crt ?? []).toString()).toBe('CERTIFICATE FOR THE TEST');
      expect(Buffer.from(pair?.key ?? []).toString()).toBe('KEY FOR THE TEST');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
