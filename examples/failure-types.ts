import { WebFetchFailureType } from './lib/web-fetch/failure-types';

/**
 * The `type` of every ApplicationFailure the example tasks raise: one constants module, so code
 * branches on types (with `failureTypeOf` from conveyor/workflow), never on message text.
 */
export const FailureType = {
  /** A simulated, retryable step failure (example_error_handling). */
  SimulatedStepFailure: 'SimulatedStepFailure',
  /** A step that kept failing after its retry policy was exhausted. */
  StepFailed: 'StepFailed',
  /**
   * A number beyond a double's range (±Number.MAX_VALUE) in a result (example_data_processing):
   * JSON would carry it as `null`, so the task fails rather than complete with a wrong answer.
   */
  NumericOverflow: 'NumericOverflow',
  /** A simulated failure of a booking step (booking_saga): the same on every attempt, so never retried. */
  BookingStepFailed: 'BookingStepFailed',
  /** A simulated failure of a booking compensation (booking_saga's `compensation_fails`). */
  CompensationFailed: 'CompensationFailed',
  /** The LLM server refused the credentials (401/403): retrying cannot help (web_page_review). */
  LlmAuthFailed: 'LlmAuthFailed',
  /** The LLM server answered 429: retried after its Retry-After. */
  LlmRateLimited: 'LlmRateLimited',
  /** The LLM server failed (5xx), timed out or could not be reached: retried with backoff. */
  LlmUnavailable: 'LlmUnavailable',
  /** The LLM server refused the request itself (another 4xx: an unknown model, say): not retried. */
  LlmRequestRefused: 'LlmRequestRefused',
  /** The LLM server's answer was not JSON, or not the JSON its schema asks for: not retried. */
  LlmMalformedResponse: 'LlmMalformedResponse',
  /** The LLM settings (CONVEYOR_LLM_*, OPENAI_*) are invalid: the message names the variable. */
  LlmMisconfigured: 'LlmMisconfigured',
  /** extract_links: go_back_to after until (a task started without the API's validation, or at a month's turn). */
  InvalidMonthRange: 'InvalidMonthRange',
  /** Safe page fetching (web-fetch/failure-types.ts says what each means). */
  ...WebFetchFailureType,
  /**
   * Parameters the task's input schema refuses, reaching a workflow started around the API (the
   * `temporal` CLI, another SDK): the workflow fails at once instead of crashing on them.
   */
  InvalidParameters: 'InvalidParameters',
  /** The service async_operations calls refused the request (`invalid` mode): permanent, never retried. */
  InvalidServiceRequest: 'InvalidServiceRequest',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];
