import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="shell-message error-state" data-testid="error-state" role="alert">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to your first project</Link>.
      </p>
    </div>
  );
}
