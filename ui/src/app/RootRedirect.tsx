import { Navigate } from 'react-router';
import { landingPath } from '../features/auth/lib/session';
import { useSession } from './SessionContext';

/** `/`: the first project's traces (sign-in has already happened, SignedInLayout saw to that). */
export function RootRedirect() {
  const { session } = useSession();
  return <Navigate to={landingPath(session, null)} replace />;
}
