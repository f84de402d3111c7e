// The task store summarises the history, so the timeline's schema lives with it (src/temporal/tasks/).
export { timelineBody, timelineEntry } from '../../temporal/tasks/task-timeline';
