import type { ComponentProps } from 'react';

/** One line of a record: a label and its value; a line without a value is left out. */
export type RecordRow = [label: string, value: string | undefined];

/** A record shown as label/value lines (`<dl class="record">`), leaving out the lines that have no value. */
export function RecordList({ rows, ...list }: { rows: readonly RecordRow[] } & Omit<ComponentProps<'dl'>, 'children' | 'className'>) {
  return (
    <dl className="record" {...list}>
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
