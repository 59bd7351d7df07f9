import type { Generated } from 'kysely';
import type { OutboxTables } from '@runnerly/bus';

export interface UserRow {
  id: string;
  /** Normalised: trimmed, lower-cased; unique. */
  email: string;
  /** argon2id, PHC string. */
  password_hash: string;
  name: string | null;
  birth_year: number | null;
  sex: string | null;
  weight_kg: number | null;
  max_hr: number | null;
  rest_hr: number | null;
  units: string;
  time_zone: string;
  first_day_of_week: string;
  /** 0 or 1 (portable between SQLite and PostgreSQL). */
  email_monthly_report: number;
  created_at: string;
  activated_at: string | null;
  updated_at: string;
}

/** Activation and reset links: only the SHA-256 of the token is kept. */
export interface AccountTokenRow {
  token_hash: string;
  user_id: string;
  kind: 'activation' | 'reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Failed logins of the last 15 minutes, shared by every replica (throttling). */
export interface LoginFailureRow {
  id: Generated<number>;
  email: string;
  ip: string;
  created_at: string;
}

export interface AccountsTables extends OutboxTables {
  users: UserRow;
  account_tokens: AccountTokenRow;
  login_failures: LoginFailureRow;
}
