import type { Settings } from '../../config';
import { ApiError } from './api-error';

/**
 * Seconds a refused stream should wait before asking again: every stream ends at its lifetime
 * (CONVEYOR_STREAM_MAX_LIFETIME) at the latest, and most end far sooner, with their task.
 */
const RETRY_AFTER_SECONDS = '10';

/**
 * Why a new live stream for `principal` may not open while `open` are (429 past the caller's own
 * cap, 503 past the API's), or undefined when it may. Counting is by principal name: every tab and
 * `tasks watch` of one key or user shares its cap, so one caller cannot hold the API's every slot.
 */
export function streamCapRefusal(open: Iterable<{ principal: string }>, principal: string, api: Settings['api']): ApiError | undefined {
  let total = 0;
  let own = 0;
  for (const stream of open) {
    total++;
    if (stream.principal === principal) own++;
  }
  if (own >= api.streamsPerPrincipal) {
    return new ApiError(
      429,
      'too_many_streams',
      `${own} live streams are open for this caller, the most one caller may hold (CONVEYOR_STREAMS_PER_PRINCIPAL); close one (another tab, another watch) or retry later`,
      { open_streams: own, max_streams: api.streamsPerPrincipal },
      { 'retry-after': RETRY_AFTER_SECONDS },
    );
  }
  if (total >= api.streamsMax) {
    return new ApiError(503, 'stream_capacity', 'the API holds as many live streams as it may (CONVEYOR_STREAMS_MAX); retry later', { max_streams: api.streamsMax }, {
      'retry-after': RETRY_AFTER_SECONDS,
    });
  }
  return undefined;
}
