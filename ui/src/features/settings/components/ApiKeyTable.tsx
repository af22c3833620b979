import { type ApiKeyView, formatTime, sortKeys } from '../lib/settings';

interface Props {
  readonly keys: readonly ApiKeyView[];
  readonly canRevoke: boolean;
  readonly onRevoke: (key: ApiKeyView) => void;
}

export function ApiKeyTable({ keys, canRevoke, onRevoke }: Props) {
  if (keys.length === 0) {
    return (
      <p className="empty-state" data-testid="empty-state">
        This project has no API keys yet. Create one to send traces from your application.
      </p>
    );
  }
  return (
    <table className="settings-table">
      <thead>
        <tr>
          <th>Public key</th>
          <th>Secret key</th>
          <th>Note</th>
          <th>Created</th>
          <th>Last used</th>
          <th>Status</th>
          {canRevoke && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {sortKeys(keys).map((key) => (
          <tr key={key.id} className={key.revokedAt === null ? undefined : 'settings-table__row--revoked'} data-api-key-id={key.id}>
            <td className="mono">{key.publicKey}</td>
            <td className="mono">{key.displaySecretKey}</td>
            <td>{key.note ?? ''}</td>
            <td>{formatTime(key.createdAt, '')}</td>
            <td>{formatTime(key.lastUsedAt, 'never')}</td>
            <td>{key.revokedAt === null ? 'active' : `revoked ${formatTime(key.revokedAt, '')}`}</td>
            {canRevoke && (
              <td>
                {key.revokedAt === null && (
                  <button type="button" className="button button--danger" data-testid="api-key-revoke" onClick={() => onRevoke(key)}>
                    Revoke
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
