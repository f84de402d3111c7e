import type { TaskStatus } from '../../../tasks/status';
import type { Vocabulary } from '../../../vocabulary';
import { parseStatusFilterWord, STATUS_FILTER_HELP } from '../../vocabulary/legacy-vocabulary';
import { ApiError } from '../../http/api-error';

/** What GET /tasks's `status` asks for. No status and not `retrying`: every task. */
export interface ListStatusFilter {
  /** Statuses visibility matches by itself. */
  statuses: TaskStatus[];
  /**
   * Also the running tasks with an activity past its first attempt (RETRY), which visibility cannot
   * tell: false whenever `running` is asked anyway, since those tasks are among its rows.
   */
  retrying: boolean;
}

/** Reads `status` (comma-separated words of either vocabulary, any case); an unknown word is a 400 naming it. */
export function parseListStatusFilter(value: string | undefined, vocabulary: Vocabulary, field = 'querystring.status'): ListStatusFilter {
  if (!value) return { statuses: [], retrying: false };
  const terms = new Set(
    value.split(',').flatMap((word) => {
      const meaning = parseStatusFilterWord(word, vocabulary);
      if (!meaning) {
        throw new ApiError(400, 'invalid_request', `status: "${word.trim()}" is not a status. ${STATUS_FILTER_HELP}`, {
          fields: [{ field, message: `unknown status "${word.trim()}"` }],
        });
      }
      return meaning;
    }),
  );
  const statuses = [...terms].filter((term): term is TaskStatus => term !== 'retrying');
  return { statuses, retrying: terms.has('retrying') && !terms.has('running') };
}
