import { useTranslation } from 'react-i18next';
import { call } from '../../api/station';
import { useSession } from '../../store/session';

/** Who is signed in, and the two ways to leave the window: lock it (same person back soon) or sign out. */
export function SessionBar() {
  const { t } = useTranslation();
  const operator = useSession((s) => s.view?.operator);
  const apply = useSession((s) => s.apply);
  if (!operator) return null;
  return (
    <div className="session-bar" role="group" aria-label={t('session.bar')}>
      <span data-testid="signed-in-as">{t('session.signedInAs', { name: operator.name, role: t(`roles.${operator.role}`) })}</span>
      <button type="button" onClick={() => void call('session:lock', {}).then(apply)}>
        {t('session.lock')}
      </button>
      <button type="button" onClick={() => void call('session:signOut', {}).then(apply)}>
        {t('session.signOut')}
      </button>
    </div>
  );
}
