import type { z } from 'zod';

/** The first zod issue as `path: message` (plus a count of the others), for 400 answers. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issues)` : '';
  return `${where}: ${issue.message}${more}`;
}
