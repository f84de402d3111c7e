import { z } from 'zod';

/** The one error shape every route answers with. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. invalid_parameters'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('Error');

export type ErrorBody = z.infer<typeof errorBody>;

export function errorResponse(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Error responses for a route's schema, by status code. */
export function errorResponses(...codes: number[]): Record<number, typeof errorBody> {
  return Object.fromEntries(codes.map((code) => [code, errorBody]));
}
