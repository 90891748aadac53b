/**
 * The largest server action body (a CSV import of 50,000 rows). next.config.mjs sets the same limit
 * for Next's action handler ("8mb"); tests/unit/edge.test.ts checks the two agree.
 */
export const ACTION_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
