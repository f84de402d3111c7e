import { defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { extractLinksInput, extractLinksResult } from './schema';
import { extractLinks } from './workflow';

export const extractLinksTask = defineTask({
  name: 'extract_links',
  queue: DEFAULT_QUEUE,
  description:
    "Collects the links of a tag's monthly archive pages ({archive_base}/{yyyy}/{mm}, default https://medium.com/tag/{tag}/archive), from `until` (default: this month) back to `go_back_to`, one month per run (continue-as-new); the result lists every unique link across all months.",
  input: extractLinksInput,
  workflow: extractLinks,
  result: extractLinksResult,
  example: { tag: 'technology', go_back_to: '2024-01', until: '2024-03' },
  // 240 months at most, each a fetch of at most a few retries.
  executionTimeout: '1 day',
});
