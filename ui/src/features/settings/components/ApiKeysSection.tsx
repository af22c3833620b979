import { type FormEvent, useState } from 'react';
import type { Role } from '../../auth/lib/session';
import { useLoaded } from '../hooks/useLoaded';
import { type ApiKeyView, type CreatedApiKeyView, canManage, createApiKey, listApiKeys, revokeApiKey } from '../lib/settings';
import { ApiKeyTable } from './ApiKeyTable';
import { NewKeySecret } from './NewKeySecret';

export function ApiKeysSection({ projectId, actor }: { readonly projectId: string; readonly actor: Role }) {
  if (!canManage(actor)) {
    return (
      <section className="settings-section">
        <h2>API keys</h2>
        <p className="empty-state" data-testid="empty-state">
          Your role is {actor}. Only admins and owners of the project can see and manage its API keys.
        </p>
      </section>
    );
  }
  return <ManagedApiKeys projectId={projectId} />;
}

function ManagedApiKeys({ projectId }: { readonly projectId: string }) {
  const { state, reload } = useLoaded(() => listApiKeys(projectId));
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<CreatedApiKeyView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCreated(await createApiKey(projectId, note.trim()));
      setNote('');
    });
  };

  const onRevoke = (key: ApiKeyView) => {
    if (window.confirm(`Revoke ${key.publicKey}? Applications using it stop being able to send data at once.`)) {
      void run(() => revokeApiKey(projectId, key.id).then(() => undefined));
    }
  };

  return (
    <section className="settings-section">
      <h2>API keys</h2>
      <p className="settings-section__help">
        SDKs authenticate with a public key and a secret key (HTTP Basic auth). Revoked keys stop working at once.
      </p>
      {created !== null && <NewKeySecret created={created} onDismiss={() => setCreated(null)} />}
      <form className="settings-form" onSubmit={onCreate}>
        <label className="field">
          <span className="field__label">Note (optional)</span>
          <input className="field__input" value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} placeholder="e.g. production backend" />
        </label>
        <button type="submit" className="button button--primary" data-testid="api-key-create" disabled={busy}>
          Create API key
        </button>
      </form>
      {error !== null && (
        <p className="form-error" role="alert" data-testid="error-state">
          {error}
        </p>
      )}
      {state.phase === 'loading' && <p aria-busy="true">Loading API keys…</p>}
      {state.phase === 'failed' && (
        <p className="form-error" role="alert" data-testid="error-state">
          Cannot load the API keys: {state.message}
        </p>
      )}
      {state.phase === 'loaded' && <ApiKeyTable keys={state.value} canRevoke onRevoke={onRevoke} />}
    </section>
  );
}
