import { useState } from 'react';
import type { CreatedApiKeyView } from '../lib/settings';

interface Props {
  readonly created: CreatedApiKeyView;
  readonly onDismiss: () => void;
}

/** The new key's secret, shown once: nothing can show it again after this box is closed. */
export function NewKeySecret({ created, onDismiss }: Props) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = () => {
    navigator.clipboard.writeText(created.secretKey).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="new-key" role="status">
      <h3 className="new-key__title">New API key created</h3>
      <p>
        Copy the secret key now. It is shown only this once; Glasshouse keeps just a hash of it, so if you lose it,
        create a new key and revoke this one.
      </p>
      <dl className="new-key__facts">
        <dt>Public key</dt>
        <dd className="mono">{created.publicKey}</dd>
        <dt>Secret key</dt>
        <dd>
          <code className="new-key__secret" data-testid="api-key-secret">
            {created.secretKey}
          </code>{' '}
          <button type="button" className="button" onClick={copy}>
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </button>
          {copied === 'failed' && <span className="form-error"> The browser refused; select the key and copy it by hand.</span>}
        </dd>
      </dl>
      <button type="button" className="button button--primary" onClick={onDismiss}>
        I have stored the secret
      </button>
    </div>
  );
}
