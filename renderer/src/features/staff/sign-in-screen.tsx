import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../../shared/staff';
import { call } from '../../api/station';
import { ErrorNotice } from '../../components/error-notice';
import { useSession } from '../../store/session';
import { TextField, useValues } from '../shared/form-kit';
import { SubmitForm } from '../shared/form-shells';
import { useAsync } from '../shared/use-async';

/** Live mode, no operator yet: the first administrator, who then adds everyone else. */
function FirstRun() {
  const { t } = useTranslation();
  const apply = useSession((s) => s.apply);
  const kit = useValues({ name: '', secret: '', repeat: '' });
  const create = useAsync();
  const onSubmit = async () => {
    if (!kit.values.name.trim()) return kit.setErrors({ name: 'is required' });
    if (kit.values.secret !== kit.values.repeat) return kit.setErrors({ repeat: 'the two entries differ' });
    const view = await create.run(() => call('session:firstAdministrator', { name: kit.values.name, secret: kit.values.secret }));
    if (view) apply(view);
  };
  return (
    <SubmitForm aria-labelledby="first-run-title" className="card-panel" onSubmit={onSubmit}>
      <h1 id="first-run-title" tabIndex={-1}>
        {t('session.firstRunTitle')}
      </h1>
      <p>{t('session.firstRunText')}</p>
      <div className="grid">
        <TextField kit={kit} name="name" label={t('session.name')} autoFocus autoComplete="username" />
        <TextField
          kit={kit}
          name="secret"
          type="password"
          label={t('session.password')}
          hint={t('session.passwordHint')}
          autoComplete="new-password"
        />
        <TextField kit={kit} name="repeat" type="password" label={t('session.repeat')} autoComplete="new-password" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.busy}>
          {t('session.createAdmin')}
        </button>
      </div>
      <ErrorNotice error={create.error} />
    </SubmitForm>
  );
}

/**
 * Sign-in, and the lock screen: it shows nothing of the last guest, only who locked it. The same
 * person unlocks with their PIN and finds their work as they left it; another person signs in over
 * it in one step (a shift change), and what was on screen is discarded.
 */
function SignIn({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const apply = useSession((s) => s.apply);
  const lockedBy = view.locked ? view.operator?.name : undefined;
  const kit = useValues({ name: lockedBy ?? '', secret: '' });
  const signIn = useAsync();
  const onSubmit = async () => {
    if (!kit.values.name.trim()) return kit.setErrors({ name: 'is required' });
    if (!kit.values.secret) return kit.setErrors({ secret: 'is required' });
    const answer = await signIn.run(() => call('session:signIn', { name: kit.values.name, secret: kit.values.secret }));
    kit.set('secret', '');
    if (answer) apply(answer);
  };
  const title = lockedBy ? t('session.lockedTitle') : t('session.signInTitle');
  return (
    <>
      <SubmitForm aria-labelledby="sign-in-title" className="card-panel" onSubmit={onSubmit}>
        <h1 id="sign-in-title" tabIndex={-1}>
          {title}
        </h1>
        {lockedBy && <p>{t('session.lockedText', { name: lockedBy })}</p>}
        <div className="grid">
          <TextField kit={kit} name="name" label={t('session.name')} autoFocus={!lockedBy} autoComplete="username" />
          <TextField
            kit={kit}
            name="secret"
            type="password"
            label={t('session.secret')}
            autoFocus={Boolean(lockedBy)}
            autoComplete="current-password"
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={signIn.busy}>
            {t('session.signIn')}
          </button>
        </div>
        <ErrorNotice error={signIn.error} />
      </SubmitForm>
      {view.demoAccounts.length > 0 && (
        <section aria-labelledby="demo-accounts-title" className="card-panel">
          <h2 id="demo-accounts-title">{t('session.demoTitle')}</h2>
          <p className="notice">{t('session.demoNote')}</p>
          <ul className="demo-accounts">
            {view.demoAccounts.map((a) => (
              <li key={a.name}>
                <span>{t('session.demoAccount', { name: a.name, role: t(`roles.${a.role}`), secret: a.secret })}</span>{' '}
                <button type="button" onClick={() => kit.setValues({ name: a.name, secret: a.secret })}>
                  {t('session.useDemo', { name: a.name })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function SignInScreen({ view }: { view: SessionView }) {
  return (
    <div className="sign-in">
      {view.firstRun ? <FirstRun /> : <SignIn key={`${view.epoch}-${view.operator?.name ?? ''}`} view={view} />}
    </div>
  );
}
