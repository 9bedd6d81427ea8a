import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeText } from '../../../shared/errors';
import { useProgress } from '../store/progress';

/** Long work (draining a large queue, exporting) shows here until it finishes. */
export function ProgressDisplay() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const tasks = useProgress((s) => s.tasks);
  const clear = useProgress((s) => s.clear);
  const list = Object.values(tasks);
  useEffect(() => {
    const finished = list.filter((p) => p.total > 0 && p.done >= p.total);
    if (!finished.length) return;
    const timer = setTimeout(() => finished.forEach((p) => clear(p.task)), 3000);
    return () => clearTimeout(timer);
  }, [list, clear]);
  if (!list.length) return null;
  return (
    <section aria-label={t('progress.region')} className="progress-area">
      {list.map((p) => (
        <div key={p.task} className="progress-item">
          <span id={`progress-${p.task.replace(/[^\w-]/g, '-')}`}>
            {p.text
              ? describeText(p.text.code, p.text.params, lang).text
              : t('progress.label', { label: t(`progress.tasks.${p.task}`, { defaultValue: p.label }), done: p.done, total: p.total })}
          </span>
          <progress aria-labelledby={`progress-${p.task.replace(/[^\w-]/g, '-')}`} max={Math.max(p.total, 1)} value={p.done} />
        </div>
      ))}
    </section>
  );
}
