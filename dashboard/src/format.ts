import { ConveyorApiError, ConveyorUnreachableError } from '../../src/client/errors';

/** "5m 30s": the API's own human form, for a task still running. */
export { humanDuration } from '../../src/human-duration';

/** A timestamp as the operator's locale shows it; "—" when there is none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** One line for an error, as the API said it. */
export function errorText(error: unknown): string {
  if (error instanceof ConveyorApiError) return `${error.message} (${error.status} ${error.code})`;
  if (error instanceof ConveyorUnreachableError) return 'The API cannot be reached; is it running?';
  return error instanceof Error ? error.message : String(error);
}
