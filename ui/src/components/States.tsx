import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty" data-testid="empty-state" role="status">
      <strong>{title}</strong>
      {children === undefined ? null : <div className="state__hint">{children}</div>}
    </div>
  );
}

/** Says what went wrong in words, and what a person can do about it. */
export function ErrorState({ message, status, onRetry }: { message: string; status: number; onRetry?: () => void }) {
  return (
    <div className="state state--error" data-testid="error-state" role="alert">
      <strong>{headline(status)}</strong>
      <div className="state__hint">{message}</div>
      {onRetry === undefined ? null : (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

function headline(status: number): string {
  if (status === 0) return 'The server could not be reached';
  if (status === 401 || status === 403) return 'You are not allowed to see this — sign in again or switch project';
  if (status === 404) return 'Not found in this project';
  if (status >= 400 && status < 500) return 'The server did not accept this request';
  return 'The server failed to answer';
}
