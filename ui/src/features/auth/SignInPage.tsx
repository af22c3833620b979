import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Logo } from '../../components/Logo';
import { ApiError, setCurrentProject } from '../../lib/api';
import { landingPath, signIn } from './lib/session';
import { signInErrorMessage } from './lib/signInError';

export default function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  setCurrentProject(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(email.trim(), password);
      void navigate(landingPath(session, params.get('next')), { replace: true });
    } catch (failure) {
      setError(signInErrorMessage(failure instanceof ApiError ? failure : new ApiError(0, String(failure))));
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
        <div className="sign-in__brand">
          <Logo />
          <span className="shell__name">Glasshouse</span>
        </div>
        <h1 className="sign-in__title">Sign in</h1>
        <label className="field">
          <span className="field__label">Email</span>
          <input
            className="field__input"
            data-testid="sign-in-email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            className="field__input"
            data-testid="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error !== null && (
          <p className="form-error" data-testid="error-state" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary" data-testid="sign-in-submit" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="sign-in__hint">
          The first user is created at start-up from <code>GLASSHOUSE_INIT_USER_EMAIL</code> and{' '}
          <code>GLASSHOUSE_INIT_USER_PASSWORD</code>.
        </p>
      </form>
    </main>
  );
}
