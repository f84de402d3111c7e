/**
 * Preload for the API process of bench/live.ts (`--require`, through NODE_OPTIONS): counts every
 * call the process's Temporal client makes, by service method, without touching the API's code.
 * Every gRPC call of a `Connection` (WorkflowService, OperatorService, Health) goes through the
 * function its static `generateRPCImplementation` returns, so wrapping that one counts them all.
 * The benchmark asks for the counts over the process's IPC channel, which `spawnCli` opens.
 */
import { Connection } from '@temporalio/client';

/** The message the benchmark sends, and the type of the answer. */
export const CALL_COUNTS_MESSAGE = 'bench-temporal-calls';

export interface CallCountsAnswer {
  type: typeof CALL_COUNTS_MESSAGE;
  /** Calls so far, by `Service/Method`. */
  counts: Record<string, number>;
}

type RpcImpl = (method: { name: string }, requestData: Uint8Array, callback: (...args: unknown[]) => void) => unknown;
/** `generateRPCImplementation` is protected in the SDK's types; at run time it is a plain static method. */
type Patchable = { generateRPCImplementation(options: { serviceName: string }): RpcImpl };

const counts: Record<string, number> = {};

function install(): void {
  const connection = Connection as unknown as Patchable;
  const original = connection.generateRPCImplementation.bind(Connection);
  connection.generateRPCImplementation = (options) => {
    const call = original(options);
    const service = options.serviceName.split('.').at(-1) ?? options.serviceName;
    return (method, requestData, callback) => {
      const name = `${service}/${method.name}`;
      counts[name] = (counts[name] ?? 0) + 1;
      return call(method, requestData, callback);
    };
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === CALL_COUNTS_MESSAGE) process.send?.({ type: CALL_COUNTS_MESSAGE, counts: { ...counts } } satisfies CallCountsAnswer);
  });
}

// Only as a preload in a child with an IPC channel; importing the module for its types installs nothing.
if (process.env.BENCH_COUNT_TEMPORAL_CALLS === '1' && process.send) install();
