import { ApplicationFailure } from '@temporalio/activity';
import { type WebFetchFailureType } from './failure-types';

/** A failure asking again cannot fix (a refusal, a page that is not what was asked for). */
export function permanent(type: WebFetchFailureType, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : [] });
}

/** A failure the activity's retry policy may try again (network trouble, a server that is down or busy). */
export function transient(type: WebFetchFailureType, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: false, details: details ? [details] : [] });
}

/** A URL as it may appear in a message or log: without any user name or password. */
export function redacted(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
