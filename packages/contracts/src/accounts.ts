import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, TimeZone, UserId } from './common.ts';

/**
 * Scopes of the accounts service. `accounts:login` covers the anonymous flows the gateway
 * runs for a visitor (sign-up, activation, login, password reset); read/write reach
 * profiles (a user token only its own).
 */
export const accountScopes = {
  accountsRead: 'accounts:read',
  accountsWrite: 'accounts:write',
  accountsLogin: 'accounts:login',
  /** The development mailbox (the gateway shows a browser its own mails). */
  mailboxRead: 'mailbox:read',
} as const;

/** Normalised by the service (trimmed, lower-cased) before it is checked or stored. */
export const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  description: 'Email address (case and surrounding spaces ignored)',
});
export const NewPassword = Type.String({
  minLength: 10,
  maxLength: 200,
  description: '10 to 200 characters, any Unicode; not a common, breached or easily guessed password',
});
const AnyPassword = Type.String({ minLength: 1, maxLength: 200 });
const Token = Type.String({
  minLength: 20,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The token from the link in the mail',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const Accepted = Type.Object({ message: Type.String() });
export type Accepted = Static<typeof Accepted>;

export const SignupRequest = Type.Object(
  {
    email: Email,
    password: NewPassword,
    name: Type.Optional(Name),
    /** The browser's zone (Intl.DateTimeFormat().resolvedOptions().timeZone): the new account's; unknown names give UTC. */
    time_zone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type SignupRequest = Static<typeof SignupRequest>;

export const ActivateRequest = Type.Object({ token: Token }, { additionalProperties: false });
export const ActivateResponse = Type.Object({ user_id: UserId });

export const LoginRequest = Type.Object(
  {
    email: Email,
    password: AnyPassword,
    ip: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "The visitor's address as the gateway sees it (throttling)",
    }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const AccountUser = Type.Object({
  id: UserId,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  created_at: IsoDateTime,
  activated_at: Type.Union([IsoDateTime, Type.Null()]),
});
export type AccountUser = Static<typeof AccountUser>;
export const LoginResponse = Type.Object({ user: AccountUser });

export const ForgotPasswordRequest = Type.Object({ email: Email }, { additionalProperties: false });
export const ResetPasswordRequest = Type.Object(
  { token: Token, password: NewPassword },
  { additionalProperties: false },
);
export const ResetPasswordResponse = Type.Object({ user_id: UserId });

export const Units = Type.Union([Type.Literal('km'), Type.Literal('mi')]);
export const Sex = Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('other')]);
export const FirstDayOfWeek = Type.Union([Type.Literal('monday'), Type.Literal('saturday'), Type.Literal('sunday')]);
export const EmailPreferences = Type.Object({ monthly_report: Type.Boolean() }, { additionalProperties: false });

export const Profile = Type.Object({
  user_id: UserId,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  birth_year: Type.Union([Type.Integer(), Type.Null()]),
  age: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Derived from birth_year (this year minus birth year)',
  }),
  sex: Type.Union([Sex, Type.Null()]),
  weight_kg: Type.Union([Type.Number(), Type.Null()]),
  max_hr: Type.Union([Type.Integer(), Type.Null()]),
  rest_hr: Type.Union([Type.Integer(), Type.Null()]),
  units: Units,
  time_zone: TimeZone,
  first_day_of_week: FirstDayOfWeek,
  email_preferences: EmailPreferences,
  created_at: IsoDateTime,
  activated_at: Type.Union([IsoDateTime, Type.Null()]),
  updated_at: IsoDateTime,
});
export type Profile = Static<typeof Profile>;

const thisYear = new Date().getUTCFullYear();
export const ProfilePatch = Type.Object(
  {
    name: Type.Optional(Type.Union([Name, Type.Null()])),
    birth_year: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: thisYear + 1 }), Type.Null()])),
    age: Type.Optional(
      Type.Integer({ minimum: 5, maximum: 120, description: 'Sets birth_year to this year minus age' }),
    ),
    sex: Type.Optional(Type.Union([Sex, Type.Null()])),
    weight_kg: Type.Optional(Type.Union([Type.Number({ minimum: 20, maximum: 300 }), Type.Null()])),
    max_hr: Type.Optional(Type.Union([Type.Integer({ minimum: 100, maximum: 240 }), Type.Null()])),
    rest_hr: Type.Optional(Type.Union([Type.Integer({ minimum: 25, maximum: 120 }), Type.Null()])),
    units: Type.Optional(Units),
    time_zone: Type.Optional(TimeZone),
    first_day_of_week: Type.Optional(FirstDayOfWeek),
    email_preferences: Type.Optional(Type.Partial(EmailPreferences, { additionalProperties: false })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfilePatch = Static<typeof ProfilePatch>;

export const ChangePasswordRequest = Type.Object(
  { current_password: AnyPassword, new_password: NewPassword },
  { additionalProperties: false },
);

export const AccountExport = Type.Object({
  exported_at: IsoDateTime,
  profile: Profile,
  tokens: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('activation'), Type.Literal('reset')]),
      created_at: IsoDateTime,
      expires_at: IsoDateTime,
      used_at: Type.Union([IsoDateTime, Type.Null()]),
    }),
    { description: 'Activation and reset links sent (never the tokens themselves)' },
  ),
  failed_logins: Type.Array(Type.Object({ at: IsoDateTime, ip: Type.String() }), {
    description: 'Failed logins still kept for throttling (15 minutes)',
  }),
});
export type AccountExport = Static<typeof AccountExport>;

/** The browser tag the gateway sends with sign-up and reset requests (`x-mailbox-tag`), kept with their mails. */
export const MAILBOX_TAG_HEADER = 'x-mailbox-tag';
export const MailboxTag = Type.String({ pattern: '^[A-Za-z0-9_-]{22,64}$' });

/** One mail of the development mailbox, with the links found in it. */
export const MailboxMessage = Type.Object({
  id: Type.String(),
  to: Type.String(),
  from: Type.String(),
  subject: Type.String(),
  date: Type.String({ format: 'date-time' }),
  text: Type.String(),
  links: Type.Array(
    Type.Object({
      url: Type.String(),
      appPath: Type.Union([Type.String(), Type.Null()], { description: 'The same link relative to the dashboard' }),
    }),
  ),
});
export type MailboxMessage = Static<typeof MailboxMessage>;
export const MailboxList = Type.Object({ messages: Type.Array(MailboxMessage) });
export type MailboxList = Static<typeof MailboxList>;
