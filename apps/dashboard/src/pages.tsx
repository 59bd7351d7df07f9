import { lazy, type ComponentType } from 'react';
import { Home } from './pages/Home.tsx';
import { AddRun } from './pages/AddRun.tsx';
import { Activate, CheckMailbox, Forgot, Login, Reset, SignUp } from './pages/Auth.tsx';
import { Account } from './pages/Account.tsx';
import { Mailbox } from './pages/Mailbox.tsx';

/**
 * Every page of the dashboard, in navigation order: one line per page. `nav` puts it in the
 * main navigation under that label (`tab`: one of the few always shown at the bottom of a
 * phone; the others are under "More"). `signedIn` pages send a signed-out visitor to log in
 * and back. Heavy pages are `lazy`: they load when first opened, the first load stays small.
 */
export interface PageEntry {
  path: string;
  element: ComponentType;
  signedIn?: boolean;
  nav?: string;
  tab?: boolean;
  /** Highlight the nav entry only on this exact path (not on the pages below it). */
  end?: boolean;
  /** Whom the nav entry is for: signed-in runners (the default), visitors, or anyone while the mailbox is on. */
  navFor?: 'signed-out' | 'mailbox';
}

export const pages: PageEntry[] = [
  { path: '/', element: Home, signedIn: true, nav: 'Home', tab: true, end: true },
  { path: '/runs', element: lazy(() => import('./pages/Runs.tsx')), signedIn: true, nav: 'Runs', tab: true, end: true },
  { path: '/runs/new', element: AddRun, signedIn: true, nav: 'Add a run', tab: true },
  { path: '/runs/:id', element: lazy(() => import('./pages/Run.tsx')), signedIn: true },
  { path: '/log', element: lazy(() => import('./pages/Log.tsx')), signedIn: true, nav: 'Log' },
  { path: '/records', element: lazy(() => import('./pages/Records.tsx')), signedIn: true, nav: 'Records' },
  { path: '/import', element: lazy(() => import('./pages/Import.tsx')), signedIn: true, nav: 'Upload' },
  { path: '/races', element: lazy(() => import('./pages/Races.tsx')), signedIn: true, nav: 'Races', end: true },
  {
    path: '/races/new',
    element: lazy(() => import('./pages/Races.tsx').then((m) => ({ default: m.NewRacePage }))),
    signedIn: true,
  },
  { path: '/races/:id', element: lazy(() => import('./pages/Race.tsx')), signedIn: true },
  { path: '/plan', element: lazy(() => import('./pages/Plan.tsx')), signedIn: true, nav: 'Plan' },
  {
    path: '/connections',
    element: lazy(() => import('./pages/Connections.tsx')),
    signedIn: true,
    nav: 'Connections',
  },
  { path: '/reports', element: lazy(() => import('./pages/Reports.tsx')), signedIn: true, nav: 'Reports', end: true },
  { path: '/reports/:month', element: lazy(() => import('./pages/Reports.tsx')), signedIn: true },
  { path: '/account', element: Account, signedIn: true, nav: 'Account' },
  { path: '/login', element: Login, nav: 'Log in', navFor: 'signed-out', tab: true },
  { path: '/signup', element: SignUp, nav: 'Sign up', navFor: 'signed-out', tab: true },
  { path: '/check-mailbox', element: CheckMailbox },
  { path: '/activate', element: Activate },
  { path: '/forgot', element: Forgot },
  { path: '/forgot-password', element: Forgot },
  { path: '/reset', element: Reset },
  { path: '/reset-password', element: Reset },
  { path: '/mailbox', element: Mailbox, nav: 'Mailbox', navFor: 'mailbox' },
];
