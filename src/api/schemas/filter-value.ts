import { z } from 'zod';
import { isWellFormed, NOT_WELL_FORMED } from '../../temporal/temporal-id';

/**
 * A filter value visibility can match (GET /tasks, GET /schedules): SQLite visibility (the dev
 * server's) mishandles quotes, backslashes and control characters inside a literal however escaped
 * (a NUL fails the query, a quote at either end is dropped), and no task name, queue or submitter
 * Conveyor accepts has them.
 */
export const filterValue = z
  .string()
  .max(400)
  .regex(/^[^\u0000-\u001f\u007f'"\\]*$/, 'must not contain quotes, backslashes or control characters')
  .refine(isWellFormed, NOT_WELL_FORMED);
