import { type FormEvent, useState } from 'react';
import type { Role } from '../../auth/lib/session';
import { useLoaded } from '../hooks/useLoaded';
import { type MemberView, type NewMemberForm, addMember, canManage, grantableRoles, listMembers, removeMember, setMemberRole } from '../lib/settings';
import { MemberTable } from './MemberTable';

interface Props {
  readonly projectId: string;
  readonly actor: Role;
  readonly currentUserId: string;
  /** Called after a change that may alter the signed-in user's own access. */
  readonly onChanged: () => void;
}

const EMPTY_FORM: NewMemberForm = { email: '', name: '', password: '', role: 'MEMBER' };

export function MembersSection({ projectId, actor, currentUserId, onChanged }: Props) {
  const { state, reload } = useLoaded(() => listMembers(projectId));
  const [form, setForm] = useState<NewMemberForm>(EMPTY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>, affectsMe: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      reload();
      if (affectsMe) {
        onChanged();
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await addMember(projectId, form);
      setForm(EMPTY_FORM);
    }, false);
  };

  const onRoleChange = (member: MemberView, role: Role) =>
    void run(() => setMemberRole(projectId, member.id, role), member.id === currentUserId);

  const onRemove = (member: MemberView) => {
    if (window.confirm(`Remove ${member.email} from this project's organisation?`)) {
      void run(() => removeMember(projectId, member.id), member.id === currentUserId);
    }
  };

  return (
    <section className="settings-section">
      <h2>Members</h2>
      <p className="settings-section__help">
        Members belong to the project's organisation and have one role in all its projects. Viewers read; members also
        add scores and send data; admins and owners manage keys and members. Nobody gives a role above their own.
      </p>
      {error !== null && (
        <p className="form-error" role="alert" data-testid="error-state">
          {error}
        </p>
      )}
      {state.phase === 'loading' && <p aria-busy="true">Loading members…</p>}
      {state.phase === 'failed' && (
        <p className="form-error" role="alert" data-testid="error-state">
          Cannot load the members: {state.message}
        </p>
      )}
      {state.phase === 'loaded' && (
        <MemberTable members={state.value} actor={actor} currentUserId={currentUserId} onRoleChange={onRoleChange} onRemove={onRemove} />
      )}
      {canManage(actor) && (
        <form className="settings-form settings-form--member" onSubmit={onAdd} aria-busy={busy}>
          <h3>Add a member</h3>
          <label className="field">
            <span className="field__label">Email</span>
            <input className="field__input" data-testid="member-email" type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">Role</span>
            <select className="field__input" data-testid="member-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
              {grantableRoles(actor).map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Name (new users)</span>
            <input className="field__input" data-testid="member-name" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">Password (new users, 8+ characters)</span>
            <input
              className="field__input"
              data-testid="member-password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(event) => setForm({ ...form, password: event.target.value })}
            />
          </label>
          <button type="submit" className="button button--primary" data-testid="member-add" disabled={busy}>
            Add member
          </button>
          <p className="settings-section__help">
            An existing user is added by email. To create a new user, also give a name and a password and tell them both.
          </p>
        </form>
      )}
    </section>
  );
}
