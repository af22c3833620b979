import type { Role } from '../../auth/lib/session';
import { type MemberView, canChangeMember, grantableRoles } from '../lib/settings';

interface Props {
  readonly members: readonly MemberView[];
  readonly actor: Role;
  readonly currentUserId: string;
  readonly onRoleChange: (member: MemberView, role: Role) => void;
  readonly onRemove: (member: MemberView) => void;
}

export function MemberTable({ members, actor, currentUserId, onRoleChange, onRemove }: Props) {
  const roles = grantableRoles(actor);
  return (
    <table className="settings-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Email</th>
          <th>Role</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const changeable = canChangeMember(actor, member, members);
          return (
            <tr key={member.id} data-member-id={member.id}>
              <td>
                {member.name ?? ''}
                {member.id === currentUserId && <span className="settings-table__you"> (you)</span>}
              </td>
              <td>{member.email}</td>
              <td>
                {changeable ? (
                  <select
                    aria-label={`Role of ${member.email}`}
                    className="field__input"
                    value={member.role}
                    onChange={(event) => onRoleChange(member, event.target.value as Role)}
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                ) : (
                  member.role
                )}
              </td>
              <td>
                {changeable && (
                  <button type="button" className="button button--danger" onClick={() => onRemove(member)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
