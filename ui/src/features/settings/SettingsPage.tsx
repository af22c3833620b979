import { useParams } from 'react-router';
import { useSession } from '../../app/SessionContext';
import { ApiKeysSection } from './components/ApiKeysSection';
import { MembersSection } from './components/MembersSection';
import './settings.css';

export default function SettingsPage() {
  const { projectId = '' } = useParams();
  const { session, reload } = useSession();
  const project = session.projects.find((candidate) => candidate.id === projectId);
  if (project === undefined) {
    return null; // ProjectLayout already explains an unknown project.
  }
  return (
    <section className="page settings">
      <h1 className="page__title">Settings</h1>
      <p className="settings__project">
        Project <strong>{project.name}</strong> <span className="mono">{project.id}</span>, your role: {project.role}
      </p>
      <ApiKeysSection projectId={project.id} actor={project.role} />
      <MembersSection projectId={project.id} actor={project.role} currentUserId={session.user.id} onChanged={reload} />
    </section>
  );
}
