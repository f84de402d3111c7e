/**
 * The last step of `cluster:up`: waits until the frontend answers, creates the namespace when it
 * is missing, and registers Conveyor's search attributes in it (the same list and code the worker
 * and the dev server use: src/contract/search-attributes.ts, src/temporal/ensure-search-attributes.ts).
 *
 *   node --require tsx/cjs deploy/cluster/register-namespace.ts <address> <namespace> <retention> <timeout seconds>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { CONVEYOR_SEARCH_ATTRIBUTES } from '../../src/contract/search-attributes';
import { durationMs } from '../../src/duration';
import { createLogger } from '../../src/log';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';

const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;
/** system.namespaceCacheRefreshInterval (2 s by default), plus a margin. */
const NAMESPACE_CACHE_REFRESH_MS = 3000;

const [address = '', namespace = '', retention = '', timeoutSeconds = ''] = process.argv.slice(2);
if (!address || !namespace || !retention || !timeoutSeconds) {
  console.error('usage: register-namespace.ts <address> <namespace> <retention> <timeout seconds>');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const log = createLogger('cluster', { level: 'info', format: 'pretty' });

/** Runs `step` until it succeeds or the deadline passes, naming what it waits for. */
async function retry<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: no success within ${timeoutSeconds} s (${(error as Error).message})`);
      await sleep(500);
    }
  }
}

async function main(): Promise<void> {
  const connection = await retry(`the frontend at ${address}`, () => Connection.connect({ address, connectTimeout: 2000 }));
  try {
    const registered = await retry(`namespace ${namespace}`, () => ensureNamespace(connection));
    if (registered) log.info(`created namespace ${namespace} (retention ${retention})`);
    // A new namespace is not found for about a second: the frontends' namespace caches refresh
    // every 2 s (system.namespaceCacheRefreshInterval).
    const { customAttributes } = await retry(`namespace ${namespace} to be found`, () => connection.operatorService.listSearchAttributes({ namespace }));
    const complete = CONVEYOR_SEARCH_ATTRIBUTES.every((key) => customAttributes && key.name in customAttributes);
    await retry(`Conveyor's search attributes in ${namespace}`, () => ensureSearchAttributes(connection.operatorService, namespace, log));
    // History and matching learn the new attributes with their next namespace cache refresh.
    if (!complete) await sleep(NAMESPACE_CACHE_REFRESH_MS);
  } finally {
    await connection.close();
  }
}

/** True when it created the namespace; false when it was there already. */
async function ensureNamespace(connection: Connection): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (error) {
    if ((error as { code?: unknown }).code !== GRPC_NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(durationMs(retention)),
    });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === GRPC_ALREADY_EXISTS) return false;
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`cannot set up namespace ${namespace} at ${address}: ${(error as Error).message}`);
  process.exit(1);
});
