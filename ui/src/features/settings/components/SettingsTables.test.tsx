import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiKeyView, MemberView } from '../lib/settings';
import { ApiKeyTable } from './ApiKeyTable';
import { MemberTable } from './MemberTable';
import { NewKeySecret } from './NewKeySecret';

const live: ApiKeyView = {
  id: 'k1',
  publicKey: 'pk-lf-1111',
  displaySecretKey: 'sk-lf-...abcd',
  note: 'backend',
  createdAt: '2025-01-02T03:04:05.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
const revoked: ApiKeyView = { ...live, id: 'k2', publicKey: 'pk-lf-2222', revokedAt: '2025-01-03T00:00:00.000Z' };

describe('ApiKeyTable', () => {
  it('lists keys without secrets and offers revoke only for live keys', () => {
    const html = renderToStaticMarkup(<ApiKeyTable keys={[revoked, live]} canRevoke onRevoke={() => {}} />);

    expect(html).toContain('pk-lf-1111');
    expect(html).toContain('sk-lf-...abcd');
    expect(html).toContain('<td>never</td>');
    expect(html).toContain('revoked 2025-01-03 00:00 UTC');
    expect(html.match(/data-testid="api-key-revoke"/g)).toHaveLength(1);
    expect(html.indexOf('pk-lf-1111')).toBeLessThan(html.indexOf('pk-lf-2222'));
  });

  it('explains an empty list', () => {
    const html = renderToStaticMarkup(<ApiKeyTable keys={[]} canRevoke onRevoke={() => {}} />);

    expect(html).toContain('data-testid="empty-state"');
    expect(html).toContain('no API keys yet');
  });
});

describe('NewKeySecret', () => {
  it('shows the secret once with a copy button and says it cannot be shown again', () => {
    const html = renderToStaticMarkup(
      <NewKeySecret created={{ ...live, secretKey: 'sk-lf-0123-secret' }} onDismiss={() => {}} />,
    );

    expect(html).toMatch(/<code[^>]*data-testid="api-key-secret"[^>]*>sk-lf-0123-secret<\/code>/);
    expect(html).toContain('>Copy</button>');
    expect(html).toContain('shown only this once');
  });
});

describe('MemberTable', () => {
  const members: MemberView[] = [
    { id: 'ada', email: 'ada@example.com', name: 'Ada', role: 'OWNER' },
    { id: 'vic', email: 'vic@example.com', name: null, role: 'VIEWER' },
  ];

  it('gives an owner role pickers and remove buttons, except for the last owner', () => {
    const html = renderToStaticMarkup(
      <MemberTable members={members} actor="OWNER" currentUserId="ada" onRoleChange={() => {}} onRemove={() => {}} />,
    );

    expect(html).toContain('Ada<span class="settings-table__you"> (you)</span>');
    expect(html.match(/<select/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Role of vic@example.com"');
    expect(html.match(/>Remove</g)).toHaveLength(1);
    expect(html).toContain('<td>OWNER</td>');
  });

  it('shows a viewer the roles as text and no actions', () => {
    const html = renderToStaticMarkup(
      <MemberTable members={members} actor="VIEWER" currentUserId="vic" onRoleChange={() => {}} onRemove={() => {}} />,
    );

    expect(html).not.toContain('<select');
    expect(html).not.toContain('Remove');
    expect(html).toContain('<td>VIEWER</td>');
  });
});
