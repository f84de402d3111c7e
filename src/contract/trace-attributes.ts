/**
 * The span attributes that tie every span of a task's trace to the task: the API's submit, the
 * client's start, the workflow's run, its activities and its child workflows. Baggage entries of
 * the same names carry them from a workflow to its activities and children.
 */
export const TASK_ID_SPAN_ATTRIBUTE = 'conveyor.task_id';
export const TASK_NAME_SPAN_ATTRIBUTE = 'conveyor.task_name';

/**
 * Found in a workflow bundle built with tracing (its interceptors module imports this one): a worker
 * tells by it whether a pre-built bundle (CONVEYOR_WORKFLOW_BUNDLE) traces workflows.
 */
export const WORKFLOW_TRACING_MARKER = 'conveyor:workflow-tracing:v1';
