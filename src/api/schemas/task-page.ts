import { z } from 'zod';
import { taskSummary } from './task';

/** GET /tasks. */
export const taskPage = z.object({
  tasks: z.array(taskSummary),
  total: z.number().describe('Every task the filters match, counted by Temporal visibility'),
  limit: z.number().describe('The page size asked for'),
  /** Tasks before this page; null after a cursor. */
  offset: z.number().nullable().describe('Tasks before this page: the offset asked for (0 without offset and cursor), null after a cursor (a position, not a count)'),
  has_more: z.boolean().describe('Another page follows; then next_cursor reads it'),
  next_cursor: z.string().nullable().describe('The cursor of the page after this one (from an offset page too), null on the last page'),
});
