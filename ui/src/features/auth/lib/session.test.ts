import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api';
import { type Session, hasRole, landingPath, switchProjectPath } from './session';
import { signInErrorMessage } from './signInError';

const session = (projects: Session['projects']): Session => ({ user: { id: 'u', email: 'ada@example.com', name: 'Ada' }, projects });

describe('landingPath', () => {
  const withProject = session([{ id: 'p 1', name: 'chatbot', role: 'OWNER' }]);

  it('goes back to the page that asked for sign-in', () => {
    expect(landingPath(withProject, '/project/p1/traces?name=x')).toBe('/project/p1/traces?name=x');
  });

  it('never follows a next that leaves the site or loops to sign-in', () => {
    expect(landingPath(withProject, '//evil.example/x')).toBe('/project/p%201/traces');
    expect(landingPath(withProject, 'https://evil.example/')).toBe('/project/p%201/traces');
    expect(landingPath(withProject, '/sign-in?next=/x')).toBe('/project/p%201/traces');
    expect(landingPath(withProject, null)).toBe('/project/p%201/traces');
  });

  it('explains when the user has no project', () => {
    expect(landingPath(session([]), null)).toBe('/no-project');
  });
});

describe('switchProjectPath', () => {
  it('keeps the section and drops the detail and the filters of the old project', () => {
    expect(switchProjectPath('/project/a/traces/t-1', 'b')).toBe('/project/b/traces');
    expect(switchProjectPath('/project/a/dashboard', 'b')).toBe('/project/b/dashboard');
    expect(switchProjectPath('/no-project', 'b')).toBe('/project/b/traces');
  });
});

describe('hasRole', () => {
  it('orders OWNER > ADMIN > MEMBER > VIEWER', () => {
    expect(hasRole('OWNER', 'ADMIN')).toBe(true);
    expect(hasRole('ADMIN', 'ADMIN')).toBe(true);
    expect(hasRole('MEMBER', 'ADMIN')).toBe(false);
    expect(hasRole('VIEWER', 'MEMBER')).toBe(false);
  });
});

describe('signInErrorMessage', () => {
  it('says what went wrong in words', () => {
    expect(signInErrorMessage(new ApiError(401, 'wrong email or password'))).toBe('The email or password is wrong.');
    expect(signInErrorMessage(new ApiError(429, 'too many failed sign-ins for this email; try again in 14 minutes'))).toBe(
      'too many failed sign-ins for this email; try again in 14 minutes',
    );
    expect(signInErrorMessage(new ApiError(0, 'Cannot reach the Glasshouse server (Failed to fetch).'))).toBe(
      'Cannot reach the Glasshouse server (Failed to fetch). Check that the server is running.',
    );
  });
});
