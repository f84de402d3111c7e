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
/**
 * How long after new search attributes every service may still answer from its old list: on SQL
 * visibility they live in the namespace, which services re-read every 2 s
 * (system.namespaceCacheRefreshInterval); on Elasticsearch in the cluster's metadata, which each
 * service re-reads on use once its copy is 60 s old (common/searchattribute/manager.go,
 * cacheRefreshInterval). Each plus a margin.
 */
const ATTRIBUTE_CACHE_MS = { sql: 3_000, elasticsearch: 65_000 } as const;

const [address = '', namespace = '', retention = '', timeoutSeconds = ''] = process.argv.slice(2);
if (!address || !namespace || !retention || !timeoutSeconds) {
  console.error('usage: register-namespace.ts <address> <namespace> <retention> <timeout seconds>');
  process.exit(2);
}
let deadline = Date.now() + Number(timeoutSeconds) * 1000;
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
    if (!complete) await waitUntilServicesSeeAttributes(connection);
  } finally {
    await connection.close();
  }
}

/**
 * Ready means a task can start at once: until each service has re-read the attributes, a start
 * carrying them is refused ("Namespace … has no mapping defined for search attribute …") and a
 * visibility query naming them is invalid. Waits out the caches, then until the frontend accepts a
 * query naming every one of them (a query leaves nothing behind, unlike a probe start).
 */
async function waitUntilServicesSeeAttributes(connection: Connection): Promise<void> {
  const { visibilityStore } = await connection.workflowService.getClusterInfo({});
  const store = visibilityStore?.includes('elasticsearch') ? 'elasticsearch' : 'sql';
  if (store === 'elasticsearch') {
    log.info(`waiting ${ATTRIBUTE_CACHE_MS.elasticsearch / 1000} s for every service to see the new search attributes (Elasticsearch visibility: each caches them for 60 s)`);
  }
  await sleep(ATTRIBUTE_CACHE_MS[store]);
  // The wait is not the frontend's slowness: the timeout counts again from here.
  deadline = Math.max(deadline, Date.now() + Number(timeoutSeconds) * 1000);
  const query = CONVEYOR_SEARCH_ATTRIBUTES.map((key) => `${key.name} = ${key.type === 'BOOL' ? 'true' : "'ready'"}`).join(' AND ');
  await retry(`the frontend to accept queries on Conveyor's search attributes`, () =>
    connection.workflowService.countWorkflowExecutions({ namespace, query }),
  );
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
