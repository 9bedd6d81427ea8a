import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type OperatorView } from '../../../../shared/staff';
import { call } from '../../api/station';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { useMay } from '../../store/session';
import { choices, SelectField, TextField, useValues } from '../shared/form-kit';
import { SubmitForm } from '../shared/form-shells';
import { useAsync } from '../shared/use-async';

type Editing = { kind: 'role' | 'secret'; name: string } | null;

/** A new PIN or password, typed twice; `onSave` gets it once both agree. */
function SecretForm({
  label,
  withRole,
  current,
  onSave,
  onClose,
}: {
  label: string;
  withRole?: boolean;
  current?: OperatorView;
  onSave: (values: { role: string; secret: string }) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const kit = useValues({ role: current?.role ?? 'clerk', secret: '', repeat: '' });
  const save = useAsync();
  const onSubmit = async () => {
    if (!withRole && !kit.values.secret) return kit.setErrors({ secret: 'is required' });
    if (kit.values.secret !== kit.values.repeat) return kit.setErrors({ repeat: 'the two entries differ' });
    const done = await save.run(() => onSave({ role: kit.values.role, secret: kit.values.secret }));
    if (done) onClose();
  };
  return (
    <SubmitForm aria-label={label} className="card-panel" onSubmit={onSubmit}>
      <h2>{label}</h2>
      <div className="grid">
        {withRole && <SelectField kit={kit} name="role" label={t('operators.role')} options={choices(ROLES, (r) => t(`roles.${r}`))} />}
        <TextField
          kit={kit}
          name="secret"
          type="password"
          label={withRole ? t('operators.newPassword') : t('operators.secret')}
          hint={t('operators.secretHint')}
          autoComplete="new-password"
          autoFocus={!withRole}
        />
        <TextField kit={kit} name="repeat" type="password" label={t('operators.repeat')} autoComplete="new-password" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {t('operators.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
      </div>
      <ErrorNotice error={save.error} />
    </SubmitForm>
  );
}

function AddOperator({ onAdded }: { onAdded: (view: OperatorView) => void }) {
  const { t } = useTranslation();
  const kit = useValues({ name: '', role: 'clerk', secret: '', repeat: '' });
  const add = useAsync();
  const onSubmit = async () => {
    if (!kit.values.name.trim()) return kit.setErrors({ name: 'is required' });
    if (!kit.values.secret) return kit.setErrors({ secret: 'is required' });
    if (kit.values.secret !== kit.values.repeat) return kit.setErrors({ repeat: 'the two entries differ' });
    const view = await add.run(() =>
      call('operators:add', { name: kit.values.name, role: kit.values.role as OperatorView['role'], secret: kit.values.secret }),
    );
    if (view) {
      kit.setValues({ name: '', role: kit.values.role, secret: '', repeat: '' });
      onAdded(view);
    }
  };
  return (
    <SubmitForm aria-labelledby="add-operator-title" className="card-panel" onSubmit={onSubmit}>
      <h2 id="add-operator-title">{t('operators.add')}</h2>
      <div className="grid">
        <TextField kit={kit} name="name" label={t('operators.name')} autoComplete="off" />
        <SelectField kit={kit} name="role" label={t('operators.role')} options={choices(ROLES, (r) => t(`roles.${r}`))} />
        <TextField
          kit={kit}
          name="secret"
          type="password"
          label={t('operators.secret')}
          hint={t('operators.secretHint')}
          autoComplete="new-password"
        />
        <TextField kit={kit} name="repeat" type="password" label={t('operators.repeat')} autoComplete="new-password" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={add.busy}>
          {t('operators.addButton')}
        </button>
      </div>
      <ErrorNotice error={add.error} />
    </SubmitForm>
  );
}

/** The people who sign in here: administrators add, change, reset, disable and enable them again; supervisors unlock. */
export default function OperatorsScreen() {
  const { t } = useTranslation();
  const [operators, setOperators] = useState<OperatorView[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [disabling, setDisabling] = useState<OperatorView | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const load = useAsync();
  const act = useAsync();
  const mayManage = useMay('operators:add');
  const mayUnlock = useMay('operators:unlock');
  const mayEnable = useMay('operators:enable');
  const { run } = load;

  const refresh = useCallback(() => void run(async () => setOperators(await call('operators:list', {}))), [run]);
  useEffect(refresh, [refresh]);

  const done = (view: OperatorView, text: string) => {
    setSaid(text);
    setOperators((list) => list?.map((o) => (o.name === view.name ? view : o)) ?? null);
  };
  const state = (o: OperatorView) => (o.disabled ? t('operators.disabled') : o.locked ? t('operators.locked') : t('operators.active'));
  const target = operators?.find((o) => o.name === editing?.name);

  return (
    <>
      <h1 tabIndex={-1}>{t('operators.title')}</h1>
      <ErrorNotice error={load.error ?? act.error} />
      {said && <p role="status">{said}</p>}
      {operators && (
        <table className="table" aria-label={t('operators.list')}>
          <thead>
            <tr>
              <th scope="col">{t('operators.name')}</th>
              <th scope="col">{t('operators.role')}</th>
              <th scope="col">{t('operators.signsInWith')}</th>
              <th scope="col">{t('operators.state')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((o) => (
              <tr key={o.name} data-testid="operator-row" data-state={o.disabled ? 'disabled' : o.locked ? 'locked' : 'active'}>
                <td>
                  {o.name}
                  {o.demo && <span className="badge"> {t('operators.demo')}</span>}
                </td>
                <td>{t(`roles.${o.role}`)}</td>
                <td>{t(`operators.${o.secretKind}`)}</td>
                <td>{state(o)}</td>
                <td>
                  <div className="actions">
                    {o.locked && mayUnlock && (
                      <button
                        type="button"
                        disabled={act.busy}
                        aria-label={t('operators.unlockOf', { name: o.name })}
                        onClick={() =>
                          void act.run(async () =>
                            done(await call('operators:unlock', { name: o.name }), t('operators.unlocked', { name: o.name })),
                          )
                        }
                      >
                        {t('operators.unlock')}
                      </button>
                    )}
                    {mayManage && !o.demo && !o.disabled && (
                      <>
                        <button
                          type="button"
                          aria-label={t('operators.changeRoleOf', { name: o.name })}
                          onClick={() => setEditing({ kind: 'role', name: o.name })}
                        >
                          {t('operators.changeRole')}
                        </button>
                        <button
                          type="button"
                          aria-label={t('operators.resetOf', { name: o.name })}
                          onClick={() => setEditing({ kind: 'secret', name: o.name })}
                        >
                          {t('operators.reset')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('operators.disableOf', { name: o.name })}
                          onClick={() => setDisabling(o)}
                        >
                          {t('operators.disable')}
                        </button>
                      </>
                    )}
                    {mayEnable && !o.demo && o.disabled && (
                      <button
                        type="button"
                        disabled={act.busy}
                        aria-label={t('operators.enableOf', { name: o.name })}
                        onClick={() =>
                          void act.run(async () => {
                            const view = await call('operators:enable', { name: o.name });
                            done(view, t(view.locked ? 'operators.enabledStillLocked' : 'operators.enabledNow', { name: view.name }));
                          })
                        }
                      >
                        {t('operators.enable')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && target && (
        <SecretForm
          key={`${editing.kind}-${editing.name}`}
          label={
            editing.kind === 'role' ? t('operators.changeRoleOf', { name: editing.name }) : t('operators.resetOf', { name: editing.name })
          }
          withRole={editing.kind === 'role'}
          current={target}
          onClose={() => setEditing(null)}
          onSave={async ({ role, secret }) => {
            const view =
              editing.kind === 'role'
                ? await call('operators:setRole', { name: editing.name, role: role as OperatorView['role'], ...(secret ? { secret } : {}) })
                : await call('operators:resetSecret', { name: editing.name, secret });
            done(view, t('operators.saved', { name: view.name }));
            return view;
          }}
        />
      )}
      {mayManage && (
        <AddOperator
          onAdded={(view) => {
            setSaid(t('operators.added', { name: view.name }));
            refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={Boolean(disabling)}
        title={t('operators.disableTitle')}
        body={disabling ? t('operators.disableBody', { name: disabling.name }) : ''}
        confirmLabel={t('operators.disable')}
        onCancel={() => setDisabling(null)}
        onConfirm={() => {
          const o = disabling;
          setDisabling(null);
          if (o)
            void act.run(async () => done(await call('operators:disable', { name: o.name }), t('operators.disabledNow', { name: o.name })));
        }}
      />
    </>
  );
}
