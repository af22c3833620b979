import { NavLink, useLocation, useNavigate } from 'react-router';
import { Logo } from '../components/Logo';
import { signOut, switchProjectPath } from '../features/auth/lib/session';
import { setCurrentProject } from '../lib/api';
import { useSession } from './SessionContext';

const SECTIONS = [
  { path: 'traces', label: 'Traces' },
  { path: 'sessions', label: 'Sessions' },
  { path: 'users', label: 'Users' },
  { path: 'scores', label: 'Scores' },
  { path: 'dashboard', label: 'Dashboard' },
  { path: 'settings', label: 'Settings' },
] as const;

export function Header({ projectId }: { projectId: string | null }) {
  const { session } = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  const onSignOut = async () => {
    try {
      await signOut();
    } finally {
      setCurrentProject(null);
      void navigate('/sign-in', { replace: true });
    }
  };

  return (
    <header className="shell__header">
      <span className="shell__brand">
        <Logo />
        <span className="shell__name">Glasshouse</span>
      </span>
      {session.projects.length > 0 && (
        <select
          className="shell__projects"
          data-testid="project-switcher"
          aria-label="Project"
          value={projectId ?? ''}
          onChange={(event) => void navigate(switchProjectPath(location.pathname, event.target.value))}
        >
          {projectId === null && <option value="">Choose a project</option>}
          {session.projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      )}
      {projectId !== null && (
        <nav className="shell__nav" aria-label="Sections">
          {SECTIONS.map((section) => (
            <NavLink
              key={section.path}
              to={`/project/${encodeURIComponent(projectId)}/${section.path}`}
              className={({ isActive }) => (isActive ? 'shell__link shell__link--active' : 'shell__link')}
              data-testid={`nav-${section.path}`}
            >
              {section.label}
            </NavLink>
          ))}
        </nav>
      )}
      <span className="shell__user">
        <span className="shell__email" title={session.user.email}>
          {session.user.name ?? session.user.email}
        </span>
        <button type="button" className="button button--quiet" data-testid="sign-out" onClick={() => void onSignOut()}>
          Sign out
        </button>
      </span>
    </header>
  );
}
