import { ApiError, apiGet, apiSend } from '../../../lib/api';

export type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
}

export interface SessionProject {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** The answer of GET /api/auth/session: who is signed in and the projects they belong to. */
export interface Session {
  readonly user: SessionUser;
  readonly projects: readonly SessionProject[];
}

export const SESSION_PATH = '/api/auth/session';

/** The signed-in session, or null when nobody is signed in (the server answered 401). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await apiGet<Session>(SESSION_PATH);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function signIn(email: string, password: string): Promise<Session> {
  return apiSend<Session>('POST', '/api/auth/sign-in', { email, password });
}

export function signOut(): Promise<unknown> {
  return apiSend('POST', '/api/auth/sign-out');
}

const RANK: Readonly<Record<Role, number>> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** Whether `role` is at least `needed` (OWNER > ADMIN > MEMBER > VIEWER). */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Where to go after sign-in: the page asked for, if it is ours, else the first project's traces. */
export function landingPath(session: Session, next: string | null): string {
  if (next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')) {
    return next;
  }
  const first = session.projects[0];
  return first === undefined ? '/no-project' : `/project/${encodeURIComponent(first.id)}/traces`;
}

/** The same page in another project: /project/A/traces/t1?x → /project/B/traces (lists only). */
export function switchProjectPath(pathname: string, projectId: string): string {
  const match = /^\/project\/[^/]+\/([^/]+)/.exec(pathname);
  const section = match?.[1] ?? 'traces';
  return `/project/${encodeURIComponent(projectId)}/${section}`;
}
