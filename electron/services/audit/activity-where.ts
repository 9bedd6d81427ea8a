/**
 * The WHERE clause of an activity search, the same for this desk's log (audit-log.ts) and the
 * hotel-wide view of a site (site/site-view.ts): free text over the operation id, subject and
 * detail; equality on the columns the caller names; a time window in local wall-clock time.
 */

export interface ActivitySearch {
  query?: string;
  /** Local `YYYY-MM-DDTHH:mm`, read as the ISO instant it means on this machine. */
  from?: string;
  to?: string;
}

export function activityWhere<F extends ActivitySearch>(
  filter: F,
  equalColumns: { readonly [K in keyof F]?: string },
): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.query) {
    where.push(`(operation_id = @q OR subject LIKE @qLike ESCAPE '\\' OR detail LIKE @qLike ESCAPE '\\')`);
    params.q = filter.query;
    params.qLike = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  for (const [field, column] of Object.entries(equalColumns) as [keyof F & string, string][]) {
    if (!filter[field]) continue;
    where.push(`${column} = @${field}`);
    params[field] = filter[field];
  }
  if (filter.from) {
    where.push('at >= @from');
    params.from = new Date(filter.from).toISOString();
  }
  if (filter.to) {
    where.push('at < @to');
    params.to = new Date(filter.to).toISOString();
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
