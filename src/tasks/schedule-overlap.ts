/**
 * The overlap policies a schedule may be created with, in Conveyor's words: Temporal's, lower case.
 * A list of words, free of the Temporal SDK, so the CLI can offer them without loading it
 * (temporal/task-schedule.ts maps them to Temporal's policies).
 */
export const SCHEDULE_OVERLAPS = ['skip', 'buffer_one', 'allow_all'] as const;
export type ScheduleOverlap = (typeof SCHEDULE_OVERLAPS)[number];
