import type { OpenAPIV3 } from 'openapi-types';

/** Operations with a per-principal rate limit, and the setting that sets it. */
const RATE_LIMITED: Record<string, { what: string; setting: string }> = {
  'post /tasks': { what: 'submits', setting: 'CONVEYOR_SUBMIT_RATE_LIMIT' },
  'post /tasks/submit': { what: 'submits (with POST /tasks)', setting: 'CONVEYOR_SUBMIT_RATE_LIMIT' },
  'post /schedules': { what: 'schedules created', setting: 'CONVEYOR_SCHEDULE_RATE_LIMIT' },
};

const TEMPORAL_503 = 'Temporal is unreachable (`temporal_unavailable`) or refused the call under its own rate limit (`temporal_rate_limited`); see Retry-After';

/**
 * The 429 and 503 descriptions of one operation, for the API's limits (docs/http-api.md, "Limits"): a rate
 * limit, the live-stream caps, Temporal's own limits. A 429 the document already has (failed
 * sign-ins) is extended, not replaced.
 */
export function limitAnswers(method: string, path: string, streams: boolean, responses: OpenAPIV3.ResponsesObject): Record<string, string> {
  const answers: Record<string, string> = {};
  const earlier429 = responses['429'];
  const tooMany = earlier429 && 'description' in earlier429 && earlier429.description !== 'Error' ? [earlier429.description] : [];
  const limited = RATE_LIMITED[`${method} ${path}`];
  if (limited) tooMany.push(`\`rate_limited\`: more ${limited.what} this minute than one caller may (${limited.setting}); see Retry-After`);
  if (streams) tooMany.push('`too_many_streams`: this caller holds as many live streams as it may (CONVEYOR_STREAMS_PER_PRINCIPAL); see Retry-After');
  if (tooMany.length > 0) answers['429'] = tooMany.join('. Or ');
  if (responses['503']) {
    answers['503'] = streams ? `${TEMPORAL_503}; or the API holds as many live streams as it may (\`stream_capacity\`, CONVEYOR_STREAMS_MAX)` : TEMPORAL_503;
  }
  return answers;
}
