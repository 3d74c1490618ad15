import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorNotice } from '../components/States';
import { useSession } from './SessionProvider';

/**
 * Signed-in users only (others go to sign-in and come back); `role` narrows it further. Renders
 * its children, or the nested routes when it has none.
 */
export function RequireSignIn({
  role,
  children,
}: {
  role?: 'staff' | 'admin';
  children?: ReactNode;
}) {
  const { user, roles } = useSession();
  const location = useLocation();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if ((role === 'admin' && !roles.isAdmin) || (role === 'staff' && !roles.isStaff)) {
    return <ErrorNotice message={`This page is for ${role === 'admin' ? 'admins' : 'staff'}.`} />;
  }
  return children ? <>{children}</> : <Outlet />;
}
