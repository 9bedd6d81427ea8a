import { useRef, type ReactNode } from 'react';

interface Props<K extends string> {
  label: string;
  tabs: ReadonlyArray<{ key: K; label: string }>;
  active: K;
  onChange: (key: K) => void;
  children: ReactNode;
}

/** ARIA tabs: arrow keys move between them, the panel follows. */
export function Tabs<K extends string>({ label, tabs, active, onChange, children }: Props<K>) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (delta: number) => {
    const i = tabs.findIndex((t) => t.key === active);
    const next = (i + delta + tabs.length) % tabs.length;
    onChange(tabs[next].key);
    refs.current[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((t, i) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={t.key === active}
            aria-controls={`panel-${t.key}`}
            tabIndex={t.key === active ? 0 : -1}
            onClick={() => onChange(t.key)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} className="tabpanel">
        {children}
      </div>
    </>
  );
}
