import type { z } from 'zod';
import { ValidationError } from '../../../domain/errors';
import { assertStorableText, type InputPart } from './storableText';

/** An empty required text says so in words; every other problem keeps zod's message. */
function wordsFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return 'is required';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message;
}

/**
 * Parses request input with a zod schema at the edge. The first problem becomes a 422 naming
 * the field (`body.steps.0.role`, `query.limit`); every problem is listed in details. Text
 * Postgres cannot store (NUL, lone surrogates) is a 400 naming the field.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: InputPart,
): z.infer<T> {
  assertStorableText(input, where);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: wordsFor(issue),
  }));
  const first = problems[0] ?? { field: where, message: 'invalid input' };
  throw new ValidationError(`${first.field}: ${first.message}`, first.field, problems);
}
