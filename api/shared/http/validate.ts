import type { z } from 'zod';
import { ValidationError } from '../../../domain/errors';

/**
 * Parses request input with a zod schema at the edge. The first problem becomes a 422 naming
 * the field (`body.steps.0.role`, `query.limit`); every problem is listed in details.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = problems[0] ?? { field: where, message: 'invalid input' };
  throw new ValidationError(`${first.field}: ${first.message}`, first.field, problems);
}
