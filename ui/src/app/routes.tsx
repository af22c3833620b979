import { Navigate, type RouteObject } from 'react-router';
import SignInPage from '../features/auth/SignInPage';
import DashboardPage from '../features/dashboard/DashboardPage';
import ScoresPage from '../features/scores/ScoresPage';
import SessionDetailPage from '../features/sessions/SessionDetailPage';
import SessionsPage from '../features/sessions/SessionsPage';
import SettingsPage from '../features/settings/SettingsPage';
import TraceDetailPage from '../features/trace-detail/TraceDetailPage';
import TracesPage from '../features/traces/TracesPage';
import UserDetailPage from '../features/users/UserDetailPage';
import UsersPage from '../features/users/UsersPage';
import { NotFoundPage } from './NotFoundPage';
import { NoProjectPage, ProjectLayout } from './ProjectLayout';
import { RootRedirect } from './RootRedirect';
import { SignedInLayout } from './SignedInLayout';

/** Every page of the UI. The paths are part of the contract with the pages (docs/ui.md). */
export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <SignedInLayout />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/no-project', element: <NoProjectPage /> },
      {
        path: '/project/:projectId',
        element: <ProjectLayout />,
        children: [
          { index: true, element: <Navigate to="traces" replace /> },
          { path: 'traces', element: <TracesPage /> },
          { path: 'traces/:traceId', element: <TraceDetailPage /> },
          { path: 'sessions', element: <SessionsPage /> },
          { path: 'sessions/:sessionId', element: <SessionDetailPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'users/:userId', element: <UserDetailPage /> },
          { path: 'scores', element: <ScoresPage /> },
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
