/** A session: only the SHA-256 of its id is kept (the id itself is the cookie). */
export interface SessionRow {
  id_hash: string;
  user_id: string | null;
  /** The session's fields as JSON (the signed-in user, the CSRF secret, the mailbox addresses). */
  data: string;
  created_at: string;
  last_seen_at: string;
  /** created_at plus the absolute lifetime. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface GatewayTables {
  sessions: SessionRow;
}
