import { describe, expect, it } from 'vitest';
import { type ApiKeyView, type MemberView, canChangeMember, formatTime, grantableRoles, newMemberBody, sortKeys } from './settings';

const member = (id: string, role: MemberView['role']): MemberView => ({ id, email: `${id}@example.com`, name: null, role });
const key = (id: string, createdAt: string, revokedAt: string | null = null): ApiKeyView => ({
  id,
  publicKey: `pk-lf-${id}`,
  displaySecretKey: 'sk-lf-...abcd',
  note: null,
  createdAt,
  lastUsedAt: null,
  revokedAt,
});

describe('grantableRoles', () => {
  it('offers no role above the actor and none to members or viewers', () => {
    expect(grantableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    expect(grantableRoles('ADMIN')).toEqual(['ADMIN', 'MEMBER', 'VIEWER']);
    expect(grantableRoles('MEMBER')).toEqual([]);
    expect(grantableRoles('VIEWER')).toEqual([]);
  });
});

describe('canChangeMember', () => {
  const members = [member('ada', 'OWNER'), member('bob', 'ADMIN'), member('cy', 'VIEWER')];

  it('lets owners change anyone but the last owner', () => {
    expect(canChangeMember('OWNER', members[0]!, members)).toBe(false);
    expect(canChangeMember('OWNER', members[1]!, members)).toBe(true);
    expect(canChangeMember('OWNER', member('ada', 'OWNER'), [...members, member('eve', 'OWNER')])).toBe(true);
  });

  it('lets admins change admins and below, never owners', () => {
    expect(canChangeMember('ADMIN', members[0]!, [...members, member('eve', 'OWNER')])).toBe(false);
    expect(canChangeMember('ADMIN', members[2]!, members)).toBe(true);
  });

  it('lets members and viewers change nobody', () => {
    expect(canChangeMember('MEMBER', members[2]!, members)).toBe(false);
  });
});

describe('sortKeys', () => {
  it('puts live keys first, newest first', () => {
    const sorted = sortKeys([
      key('old', '2025-01-01T00:00:00.000Z'),
      key('revoked', '2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z'),
      key('new', '2025-02-01T00:00:00.000Z'),
    ]);
    expect(sorted.map((k) => k.id)).toEqual(['new', 'old', 'revoked']);
  });
});

describe('newMemberBody', () => {
  it('sends only what was typed: no password means an existing user', () => {
    expect(newMemberBody({ email: ' ada@example.com ', name: ' ', password: '', role: 'VIEWER' })).toEqual({
      email: 'ada@example.com',
      role: 'VIEWER',
    });
    expect(newMemberBody({ email: 'neo@example.com', name: 'Neo', password: 'follow the rabbit', role: 'ADMIN' })).toEqual({
      email: 'neo@example.com',
      name: 'Neo',
      password: 'follow the rabbit',
      role: 'ADMIN',
    });
  });
});

describe('formatTime', () => {
  it('writes UTC minutes, and words for never', () => {
    expect(formatTime('2025-01-02T03:04:05.678Z', 'never')).toBe('2025-01-02 03:04 UTC');
    expect(formatTime(null, 'never')).toBe('never');
    expect(formatTime('yesterday', 'never')).toBe('yesterday');
  });
});
