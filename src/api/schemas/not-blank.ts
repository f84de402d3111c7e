import { z } from 'zod';

/**
 * The characters String.prototype.trim removes (ECMAScript's WhiteSpace and LineTerminator), spelled
 * out: `\s` means other characters in other regex dialects, and a client (or a fuzzer, in Python)
 * that follows the document reads this pattern in its own.
 */
const TRIMMED = ' \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** A text field that is read trimmed and may not be blank: the document says so by its pattern, not only by a minimum length the untrimmed text may meet. */
export const notBlank = (max: number) =>
  z
    .string()
    .regex(new RegExp(`[^${TRIMMED}]`), 'must not be blank')
    .trim()
    .min(1)
    .max(max);
