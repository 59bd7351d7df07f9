import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type User } from './api.ts';

interface SessionState {
  user: User | null;
  loading: boolean;
  mailbox: boolean;
  refresh(): Promise<void>;
  setUser(u: User | null): void;
}
const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [mailbox, setMailbox] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setUser((await api<{ user: User }>('GET', '/api/session')).user);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 401) setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
    api('GET', '/api/mailbox').then(
      () => setMailbox(true),
      () => setMailbox(false),
    );
  }, [refresh]);
  return (
    <SessionContext.Provider value={{ user, loading, mailbox, refresh, setUser }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
