import { StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import './styles.css';
import { api } from './api.ts';
import { pages, type PageEntry } from './pages.tsx';
import { Landing } from './pages/Landing.tsx';
import { useProfile } from './profile.tsx';
import { queryClient } from './query.ts';
import { useSession } from './session.tsx';
import type { ReactNode } from 'react';

function navEntries(signedIn: boolean, mailbox: boolean): PageEntry[] {
  return pages.filter(
    (p) =>
      p.nav &&
      (p.navFor === 'mailbox' ? mailbox : p.navFor === 'signed-out' ? !signedIn : signedIn && p.signedIn !== false),
  );
}

/**
 * The header and the main navigation. Wide screens: every entry in the header. Phones: the
 * `tab` entries in a bar at the bottom (thumb reach), the others under "More".
 */
function Shell({ children }: { children: ReactNode }) {
  const { user, mailbox, loading } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  async function logout() {
    await api('POST', '/api/auth/logout').catch(() => {});
    // A full page load: nothing of the session stays in memory.
    window.location.assign('/login?bye=1');
  }
  const entries = loading ? [] : navEntries(!!user, mailbox);
  const more = entries.filter((e) => !e.tab);
  const link = (e: PageEntry) => (
    <li key={e.path} className={e.tab ? 'tab' : 'more-entry'}>
      <NavLink to={e.path} end={e.end}>
        {e.nav}
      </NavLink>
    </li>
  );
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Runnerly
        </Link>
        <nav aria-label="Main" className={open ? 'main-nav open' : 'main-nav'}>
          <ul id="nav-list">
            {entries.map(link)}
            {user && (
              <li className="more-entry">
                <button type="button" className="link" onClick={() => void logout()}>
                  Log out
                </button>
              </li>
            )}
          </ul>
          {(more.length > 0 || user) && (
            <button
              type="button"
              className="more-toggle"
              aria-expanded={open}
              aria-controls="nav-list"
              onClick={() => setOpen((o) => !o)}
            >
              More
            </button>
          )}
        </nav>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

/** A page for signed-in runners: a visitor logs in first and comes back here. */
function SignedIn({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const profile = useProfile();
  const location = useLocation();
  if (loading || (user && profile.loading)) return <p aria-busy="true">Loading…</p>;
  if (user) return <>{children}</>;
  const next = location.pathname + location.search + location.hash;
  // The front door for a visitor; any other page asks to log in and comes back.
  if (next === '/') return <Landing />;
  return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
}

function App() {
  return (
    <Shell>
      <Suspense fallback={<p aria-busy="true">Loading the page…</p>}>
        <Routes>
          {pages.map(({ path, element: Element, signedIn }) => (
            <Route
              key={path}
              path={path}
              element={
                signedIn ? (
                  <SignedIn>
                    <Element />
                  </SignedIn>
                ) : (
                  <Element />
                )
              }
            />
          ))}
          <Route
            path="*"
            element={
              <p>
                This page does not exist. <Link to="/">Go home</Link>.
              </p>
            }
          />
        </Routes>
      </Suspense>
    </Shell>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
