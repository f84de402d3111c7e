/** A task name nobody registered. Carries the known names so callers can list them. */
export class UnknownTaskError extends Error {
  constructor(
    readonly taskName: string,
    readonly knownTasks: string[],
  ) {
    super(`unknown task "${taskName}"; known tasks: ${knownTasks.join(', ')}`);
    this.name = 'UnknownTaskError';
  }
}

export interface ParamIssue {
  /** Dotted path of the offending field, e.g. `parameters.duration`; empty for the whole object. */
  field: string;
  message: string;
}

/** Parameters that fail a task's input schema; names every failing field. */
export class InvalidParamsError extends Error {
  constructor(
    readonly taskName: string,
    readonly issues: ParamIssue[],
  ) {
    super(`invalid parameters for "${taskName}": ${issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'InvalidParamsError';
  }
}

/** Two definitions share one task name. */
export class DuplicateTaskError extends Error {
  constructor(name: string, first: string, second: string) {
    super(`task type "${name}" is defined twice: at ${first} and at ${second}; task names must be unique`);
    this.name = 'DuplicateTaskError';
  }
}

/** A queue name Temporal would not accept. */
export class InvalidQueueError extends Error {
  constructor(readonly queue: string) {
    super(`invalid queue "${queue}": use letters, digits and . _ : - (at most 200 characters)`);
    this.name = 'InvalidQueueError';
  }
}

/** A task name Temporal tools would choke on, or that could not start a task id. */
export class InvalidTaskNameError extends Error {
  constructor(
    readonly taskName: string,
    definedAt: string,
  ) {
    super(`invalid task name "${taskName}" (at ${definedAt}): use a letter, then letters, digits and _ . : - (at most 200 characters)`);
    this.name = 'InvalidTaskNameError';
  }
}

/** A task declares a signal under a name Conveyor keeps for itself (`conveyor.*`, e.g. progress reports). */
export class ReservedSignalError extends Error {
  constructor(taskName: string, signal: string, definedAt: string) {
    super(`task type "${taskName}" (at ${definedAt}) declares the signal "${signal}"; names starting with "${RESERVED_SIGNAL_PREFIX}" are Conveyor's own`);
    this.name = 'ReservedSignalError';
  }
}

/** Signal names Conveyor uses internally; clients may never send them. */
export const RESERVED_SIGNAL_PREFIX = 'conveyor.';

/** A task's declared example that its own input schema refuses: the docs page would show a request that fails. */
export class InvalidExampleError extends Error {
  constructor(taskName: string, issues: ParamIssue[], definedAt: string) {
    super(
      `task type "${taskName}" (at ${definedAt}) declares an example its input schema refuses: ${issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')}`,
    );
    this.name = 'InvalidExampleError';
  }
}

/** A task type's flow-control option (rate limit, concurrency, mode, debounce) that cannot work as written. */
export class InvalidFlowControlError extends Error {
  constructor(taskName: string, option: string, problem: string, definedAt: string) {
    super(`task type "${taskName}" (at ${definedAt}): ${option} ${problem}`);
    this.name = 'InvalidFlowControlError';
  }
}

/** A task type's option other than flow control (its `versioning`) that is not one of its values. */
export class InvalidTaskOptionError extends Error {
  constructor(taskName: string, option: string, problem: string, definedAt: string) {
    super(`task type "${taskName}" (at ${definedAt}): ${option} ${problem}`);
    this.name = 'InvalidTaskOptionError';
  }
}
