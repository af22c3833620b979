import { Outlet, useParams } from 'react-router';
import { setCurrentProject } from '../lib/api';
import { Header } from './Header';
import { useSession } from './SessionContext';

/** /project/:projectId/...: names the project to the API client, then shows header and page. */
export function ProjectLayout() {
  const { projectId = '' } = useParams();
  const { session } = useSession();
  // Set during render, before any child effect fetches: every request of this page is for it.
  setCurrentProject(projectId);
  const project = session.projects.find((candidate) => candidate.id === projectId);

  return (
    <div className="shell">
      <Header projectId={project === undefined ? null : projectId} />
      <main className="shell__main">
        {project === undefined ? (
          <div className="error-state" data-testid="error-state" role="alert">
            <h1>No such project</h1>
            <p>
              There is no project <code>{projectId}</code> that you are a member of. Pick one of your projects in the
              switcher above, or ask an owner of the project to add you.
            </p>
          </div>
        ) : (
          // key: a page's state never leaks from one project into another.
          <Outlet key={projectId} />
        )}
      </main>
    </div>
  );
}

/** Signed in, but a member of no project yet. */
export function NoProjectPage() {
  setCurrentProject(null);
  return (
    <div className="shell">
      <Header projectId={null} />
      <main className="shell__main">
        <div className="empty-state" data-testid="empty-state">
          <h1>No project yet</h1>
          <p>You are not a member of any project. Ask an owner or admin of a project to add you on its settings page.</p>
        </div>
      </main>
    </div>
  );
}
