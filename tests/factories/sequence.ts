let counter = 0;

/**
 * A value no other call in this run has returned: the counter separates calls within a test file,
 * the process id separates test files that share a database (PostgreSQL runs them side by side).
 */
export function unique(): string {
  counter += 1;
  return `${counter}-${process.pid}`;
}
