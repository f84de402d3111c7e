import type { google } from '@temporalio/proto';

/** A protobuf Timestamp from Temporal's service API as a Date; undefined when the field is unset. */
export function dateOf(timestamp: google.protobuf.ITimestamp | null | undefined): Date | undefined {
  if (!timestamp) return undefined;
  return new Date(Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000));
}
