/**
 * Conveyor's task priority is Temporal's priority key, unchanged: a whole number from 1 (runs
 * first) to 5, where a task without one gets Temporal's default, 3. A worker takes the backlog of
 * its queue in key order (first-in first-out within a key); activities of a task inherit its key.
 * The range is the server's default `matching.priorityLevels` (5), which Conveyor expects.
 */
export const PRIORITY_HIGHEST = 1;
export const PRIORITY_LOWEST = 5;
/** What Temporal uses when a task sets no key: (1 + `matching.priorityLevels`) / 2. */
export const PRIORITY_DEFAULT = 3;

/**
 * The key a task runs with, from the priority its description reports: its own key, or the
 * default when it set none (Temporal then reports no priority, or a key of 0).
 */
export function effectivePriority(reported: { priorityKey?: number | null } | null | undefined): number {
  return reported?.priorityKey || PRIORITY_DEFAULT;
}

/** True for a key Conveyor accepts on submit. */
export function isPriority(value: number): boolean {
  return Number.isInteger(value) && value >= PRIORITY_HIGHEST && value <= PRIORITY_LOWEST;
}
