import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, NavLink, Navigate, Route, Routes } from 'react-router';
import './styles.css';
import { api } from './api.ts';
import { SessionProvider, useSession } from './session.tsx';
import { ProfileProvider, useProfile } from './profile.tsx';
import { Home } from './pages/Home.tsx';
import { AddRun } from './pages/AddRun.tsx';
import { Activate, CheckMailbox, Forgot, Login, Reset, SignUp } from './pages/Auth.tsx';
import { Account } from './pages/Account.tsx';
import { Mailbox } from './pages/Mailbox.tsx';
import type { ReactNode } from 'react';

// The heavy pages (charts, routes) load on demand: the first load stays small.
const RunPage = lazy(() => import('./pages/Run.tsx'));
const RunsPage = lazy(() => import('./pages/Runs.tsx'));
const ConnectionsPage = lazy(() => import('./pages/Connections.tsx'));
const ImportPage = lazy(() => import('./pages/Import.tsx'));
const ReportsPage = lazy(() => import('./pages/Reports.tsx'));

function Shell({ children }: { children: ReactNode }) {
  const { user, mailbox } = useSession();
  async function logout() {
    await api('POST', '/api/auth/logout').catch(() => {});
    // A full page load: nothing of the session stays in memory.
    window.location.assign('/login?bye=1');
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Runnerly
        </Link>
        <nav aria-label="Main">
          {user ? (
            <>
              <NavLink to="/" end>
                Home
              </NavLink>
              <NavLink to="/runs" end>
                Runs
              </NavLink>
              <NavLink to="/runs/new">Add a run</NavLink>
              <NavLink to="/import">Upload</NavLink>
              <NavLink to="/connections">Connections</NavLink>
              <NavLink to="/reports">Reports</NavLink>
              <NavLink to="/account">Account</NavLink>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/signup">Sign up</NavLink>
            </>
          )}
          {mailbox && <NavLink to="/mailbox">Mailbox</NavLink>}
          {user && (
            <button type="button" className="link" onClick={() => void logout()}>
              Log out
            </button>
          )}
        </nav>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

function Private({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const profile = useProfile();
  if (loading || (user && profile.loading)) return <p aria-busy="true">Loading…</p>;
  return user ? (
    <Suspense fallback={<p aria-busy="true">Loading the page…</p>}>{children}</Suspense>
  ) : (
    <Navigate to="/login" replace />
  );
}

function App() {
  return (
    <Shell>
      <Routes>
        <Route
          path="/"
          element={
            <Private>
              <Home />
            </Private>
          }
        />
        <Route
          path="/runs/new"
          element={
            <Private>
              <AddRun />
            </Private>
          }
        />
        <Route
          path="/runs"
          element={
            <Private>
              <RunsPage />
            </Private>
          }
        />
        <Route
          path="/runs/:id"
          element={
            <Private>
              <RunPage />
            </Private>
          }
        />
        <Route
          path="/account"
          element={
            <Private>
              <Account />
            </Private>
          }
        />
        <Route
          path="/connections"
          element={
            <Private>
              <ConnectionsPage />
            </Private>
          }
        />
        <Route
          path="/reports/:month?"
          element={
            <Private>
              <ReportsPage />
            </Private>
          }
        />
        <Route
          path="/import"
          element={
            <Private>
              <ImportPage />
            </Private>
          }
        />
        <Route path="/signup" element={<SignUp />} />
        <Route path="/check-mailbox" element={<CheckMailbox />} />
        <Route path="/activate" element={<Activate />} />
        <Route path="/login" element={<Login />} />
        <Route path="/forgot" element={<Forgot />} />
        <Route path="/forgot-password" element={<Forgot />} />
        <Route path="/reset" element={<Reset />} />
        <Route path="/reset-password" element={<Reset />} />
        <Route path="/mailbox" element={<Mailbox />} />
        <Route
          path="*"
          element={
            <p>
              This page does not exist. <Link to="/">Go home</Link>.
            </p>
          }
        />
      </Routes>
    </Shell>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <ProfileProvider>
          <App />
        </ProfileProvider>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
