// Request bodies and queries are validated with zod in camelCase; a failure is a 400 naming the field.
import { z } from 'zod';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  // A ZodError reaches the error handler, which answers ERR_VALIDATION with the fields (errors/to-http.ts).
  return schema.parse(value ?? {});
}

/** `:id` in a route's path. */
export const idParams = z.object({ id: z.string().min(1) });
