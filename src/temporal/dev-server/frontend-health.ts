import { Client, credentials, Metadata } from '@grpc/grpc-js';

/**
 * Whether a Temporal frontend serves, by the standard gRPC health check: what `temporal operator
 * cluster health` and Temporal's own container probes ask. The frontend reports SERVING for the
 * workflow service once it takes calls.
 *
 * Asked through grpc-js alone rather than the Temporal client: the client's protobuf definitions
 * cost the `conveyor dev` supervisor, which asks nothing else, about 40 MB of memory.
 */
export class FrontendHealth {
  private readonly client: Client;

  constructor(address: string) {
    // A refused connection is retried within 100 ms, not after grpc-js's default back-off of a
    // second: the server is starting, and readiness is waited for call by call.
    this.client = new Client(address, credentials.createInsecure(), {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 100,
    });
  }

  /** Resolves true once the frontend answers SERVING within `timeoutMs`; false when it answers otherwise, fails, or stays silent. */
  serving(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (request: Buffer) => request,
        (response: Buffer) => response,
        HEALTH_CHECK_REQUEST,
        WAIT_FOR_READY,
        { deadline: Date.now() + timeoutMs },
        (error, response) => resolve(!error && response !== undefined && response.equals(SERVING_RESPONSE)),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
// grpc.health.v1's two messages, encoded by hand rather than by loading a .proto for them:
// HealthCheckRequest { string service = 1 } (tag 0x0a, then the length: under 128, one byte) and
// HealthCheckResponse { ServingStatus status = 1 } with SERVING = 1 (tag 0x08, value 1).
const HEALTH_CHECK_REQUEST = Buffer.concat([Buffer.from([0x0a, WORKFLOW_SERVICE.length]), Buffer.from(WORKFLOW_SERVICE)]);
const SERVING_RESPONSE = Buffer.from([0x08, 0x01]);
// A call made while the connection is still being made waits for it (until its deadline) instead of failing at once.
const WAIT_FOR_READY = new Metadata({ waitForReady: true });
