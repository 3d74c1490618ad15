import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession, useUser } from '../session/SessionProvider';
import { NotificationBell } from './NotificationBell';

/** The signed-in frame: navigation by role, the notification bell, sign out. */
export function Layout() {
  const { roles, signOut } = useSession();
  const user = useUser();
  const navigate = useNavigate();
  return (
    <>
      <header className="topbar">
        <a className="skip" href="#main">
          Skip to content
        </a>
        <strong className="brand">Helpdesk</strong>
        <nav aria-label="Main">
          <NavLink to="/tickets" end>
            {roles.isStaff ? 'Tickets' : 'My tickets'}
          </NavLink>
          <NavLink to="/tickets/new">New ticket</NavLink>
          {roles.isStaff ? <NavLink to="/tasks">My queue</NavLink> : null}
          {roles.isAdmin ? (
            <>
              <NavLink to="/admin" end>
                Dashboard
              </NavLink>
              <NavLink to="/admin/users">Users</NavLink>
              <NavLink to="/admin/roles">Roles</NavLink>
              <NavLink to="/admin/workflows">Workflows</NavLink>
              <NavLink to="/admin/service-keys">API keys</NavLink>
              <NavLink to="/admin/audit">Audit log</NavLink>
            </>
          ) : null}
        </nav>
        <div className="who">
          <NotificationBell />
          <NavLink to="/profile" title={`${user.email}: your account`}>
            {user.name}
          </NavLink>
          <button
            type="button"
            className="link"
            onClick={() => void signOut().then(() => navigate('/login'))}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}
