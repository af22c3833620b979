import { apiGet, apiSend } from '../../../lib/api';
import { type Role, hasRole } from '../../auth/lib/session';

/** An API key as the settings endpoints list it: never its secret. */
export interface ApiKeyView {
  readonly id: string;
  readonly publicKey: string;
  readonly displaySecretKey: string;
  readonly note: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** The answer to creating a key: the only time the secret is shown. */
export interface CreatedApiKeyView extends ApiKeyView {
  readonly secretKey: string;
}

export interface MemberView {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
}

export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];

const base = (projectId: string) => `/api/ui/projects/${encodeURIComponent(projectId)}`;

export async function listApiKeys(projectId: string): Promise<readonly ApiKeyView[]> {
  return (await apiGet<{ data: ApiKeyView[] }>(`${base(projectId)}/api-keys`)).data;
}

export function createApiKey(projectId: string, note: string): Promise<CreatedApiKeyView> {
  return apiSend<CreatedApiKeyView>('POST', `${base(projectId)}/api-keys`, { note });
}

export function revokeApiKey(projectId: string, apiKeyId: string): Promise<unknown> {
  return apiSend('DELETE', `${base(projectId)}/api-keys/${encodeURIComponent(apiKeyId)}`);
}

export async function listMembers(projectId: string): Promise<readonly MemberView[]> {
  return (await apiGet<{ data: MemberView[] }>(`${base(projectId)}/members`)).data;
}

export interface NewMemberForm {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly role: Role;
}

export function addMember(projectId: string, form: NewMemberForm): Promise<MemberView> {
  return apiSend<MemberView>('POST', `${base(projectId)}/members`, newMemberBody(form));
}

/** Leaves out what was not typed: no password means "add an existing user". */
export function newMemberBody(form: NewMemberForm): Record<string, string> {
  const body: Record<string, string> = { email: form.email.trim(), role: form.role };
  if (form.name.trim() !== '') {
    body['name'] = form.name.trim();
  }
  if (form.password !== '') {
    body['password'] = form.password;
  }
  return body;
}

export function setMemberRole(projectId: string, userId: string, role: Role): Promise<MemberView> {
  return apiSend<MemberView>('PATCH', `${base(projectId)}/members/${encodeURIComponent(userId)}`, { role });
}

export function removeMember(projectId: string, userId: string): Promise<unknown> {
  return apiSend('DELETE', `${base(projectId)}/members/${encodeURIComponent(userId)}`);
}

// --- What a person may do here (the server decides; the page only hides what would fail) -----

/** Managing keys and members needs ADMIN or OWNER. */
export function canManage(actor: Role): boolean {
  return hasRole(actor, 'ADMIN');
}

/** The roles the actor may give: none above their own. */
export function grantableRoles(actor: Role): readonly Role[] {
  return canManage(actor) ? ROLES.filter((role) => hasRole(actor, role)) : [];
}

/** Whether the actor may change or remove this member (never the last owner). */
export function canChangeMember(actor: Role, member: MemberView, members: readonly MemberView[]): boolean {
  if (!canManage(actor) || !hasRole(actor, member.role)) {
    return false;
  }
  return !(member.role === 'OWNER' && members.filter((other) => other.role === 'OWNER').length <= 1);
}

/** Newest first, live keys before revoked ones. */
export function sortKeys(keys: readonly ApiKeyView[]): readonly ApiKeyView[] {
  return [...keys].sort((a, b) => {
    if ((a.revokedAt === null) !== (b.revokedAt === null)) {
      return a.revokedAt === null ? -1 : 1;
    }
    return b.createdAt.localeCompare(a.createdAt);
  });
}

/** "2025-01-02 03:04 UTC", or the fallback for never. */
export function formatTime(iso: string | null, never: string): string {
  if (iso === null) {
    return never;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
