import { createBrowserRouter, Link, Navigate, RouterProvider, useParams } from 'react-router';
import { Layout } from './components/Layout';
import { AuditLogPage } from './pages/admin/AuditLogPage';
import { DashboardPage } from './pages/admin/DashboardPage';
import { RolesPage } from './pages/admin/RolesPage';
import { ServiceKeysPage } from './pages/admin/ServiceKeysPage';
import { UsersPage } from './pages/admin/UsersPage';
import { WorkflowEditorPage } from './pages/admin/WorkflowEditorPage';
import { WorkflowsPage } from './pages/admin/WorkflowsPage';
import { LoginPage } from './pages/LoginPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/PasswordResetPages';
import { ProfilePage } from './pages/ProfilePage';
import { TasksPage } from './pages/TasksPage';
import { TicketPage } from './pages/ticket/TicketPage';
import { TicketsPage } from './pages/TicketsPage';
import { homeOf } from './session/roles';
import { RequireSignIn } from './session/RequireSignIn';
import { useSession } from './session/SessionProvider';

function Home() {
  const { roles } = useSession();
  return <Navigate to={homeOf(roles)} replace />;
}

/** A fresh ticket page per ticket: its live conversation starts over when the number changes. */
function TicketRoute() {
  const { number = '' } = useParams();
  return <TicketPage key={number} number={number} />;
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}

/** Every page has its own URL: bookmark it, share it, reload it. */
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  {
    element: (
      <RequireSignIn>
        <Layout />
      </RequireSignIn>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'tickets', element: <TicketsPage /> },
      { path: 'tickets/new', element: <NewTicketPage /> },
      { path: 'tickets/:number', element: <TicketRoute /> },
      {
        path: 'tasks',
        element: (
          <RequireSignIn role="staff">
            <TasksPage />
          </RequireSignIn>
        ),
      },
      {
        path: 'admin',
        element: <RequireSignIn role="admin" />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'roles', element: <RolesPage /> },
          { path: 'audit', element: <AuditLogPage /> },
          { path: 'service-keys', element: <ServiceKeysPage /> },
          { path: 'workflows', element: <WorkflowsPage /> },
          { path: 'workflows/new', element: <WorkflowEditorPage /> },
          { path: 'workflows/:key', element: <WorkflowEditorPage /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
