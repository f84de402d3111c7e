import { z } from 'zod';
import { DEFAULT_ARCHIVE_BASE } from './archive-url';
import { MAX_LINK_LENGTH, MAX_LINKS, MAX_LINKS_BYTES, MONTH_LINKS_MAX } from './limits';
import { MAX_MONTHS, MONTH_PATTERN, monthOf, monthsBetween } from './months';

const month = (what: string) => z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM (01 to 12)').describe(what);

/** An http(s) URL without credentials, query or fragment: month paths are appended to it. */
const archiveBaseUrl = z
  .string()
  .max(2000)
  .refine((text) => {
    if (!URL.canParse(text.replaceAll('{tag}', 'tag'))) return false;
    const url = new URL(text.replaceAll('{tag}', 'tag'));
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  }, 'an http(s) URL without credentials, query or fragment')
  .describe(`The archive's base URL; {tag} is replaced by the tag. Default ${DEFAULT_ARCHIVE_BASE}`);

export const extractLinksInput = z
  .object({
    tag: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'letters, digits, spaces, _ . - (starting with a letter or digit)')
      .describe('The tag whose archive is read, e.g. technology'),
    go_back_to: month('The oldest month read (YYYY-MM)'),
    until: month('The newest month read (YYYY-MM); the current month (UTC) when absent').optional(),
    archive_base: archiveBaseUrl.optional(),
  })
  .strict()
  .superRefine((input, context) => {
    if (!MONTH_PATTERN.test(input.go_back_to) || (input.until !== undefined && !MONTH_PATTERN.test(input.until))) return; // already reported
    // Checked here, against the submitter's clock, so a bad range is a 422 and not a failed task.
    const until = input.until ?? monthOf(new Date());
    const months = monthsBetween(input.go_back_to, until);
    if (months === 0) {
      context.addIssue({ code: 'custom', path: ['go_back_to'], message: `go_back_to (${input.go_back_to}) is after ${input.until === undefined ? 'the current month' : 'until'} (${until})` });
    } else if (months > MAX_MONTHS) {
      context.addIssue({ code: 'custom', path: ['go_back_to'], message: `${months} months from go_back_to to ${until}; at most ${MAX_MONTHS}` });
    }
  });

export type ExtractLinksParams = z.output<typeof extractLinksInput>;

export const monthSummary = z.object({
  month: z.string().describe('YYYY-MM'),
  url: z.string().describe('The month page asked for'),
  found: z.boolean().describe('False when the archive has no page for the month (404)'),
  links: z.number().int().describe('Unique links on the month page'),
  new_links: z.number().int().describe('Of those, links no newer month had'),
});

export type MonthSummary = z.input<typeof monthSummary>;

export const extractLinksResult = z.object({
  tag: z.string(),
  archive_base: z.string(),
  go_back_to: z.string(),
  until: z.string(),
  months: z.array(monthSummary).describe('Every month read, newest first'),
  links: z.array(z.string()).describe('Every unique link across all months, in the order first seen (newest month first)'),
  total_links: z.number().int(),
  truncated: z
    .boolean()
    .describe(
      `True when links were left out because a month page or the result was full (${MONTH_LINKS_MAX} links of one page, ${MAX_LINKS} in all, ${MAX_LINKS_BYTES / 1024} KiB of links as JSON either way)`,
    ),
  dropped_long_links: z
    .number()
    .int()
    .describe(`Links longer than ${MAX_LINK_LENGTH} characters, left out (counted on each month page they appear on); not counted in truncated`),
});

export type ExtractLinksResult = z.input<typeof extractLinksResult>;
