import { AppError } from '@runnerly/service-kit';
import { waitInWords } from './domain/throttle.ts';

/** The accounts service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const accountErrors = {
  invalidEmail: () => new AppError(400, 'invalid_email', 'This is not an email address.'),
  invalidToken: () => new AppError(400, 'invalid_token', 'This link is invalid, has expired or has already been used.'),
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'The email or the password is wrong.'),
  notActivated: () =>
    new AppError(403, 'account_not_activated', 'This account is not activated yet: open the link in the mail we sent.'),
  tooManyAttempts: (retryAfter: number) =>
    new AppError(429, 'too_many_attempts', `Too many failed attempts. Try again in ${waitInWords(retryAfter)}.`, {
      retry_after: retryAfter,
    }),
  weakPassword: (message: string) => new AppError(400, 'weak_password', message),
  wrongPassword: () => new AppError(400, 'wrong_password', 'The current password is wrong.'),
  invalidProfile: (problems: string[]) => new AppError(400, 'invalid_profile', problems.join('; ')),
  userNotFound: () => new AppError(404, 'not_found', 'User not found.'),
  mailboxDisabled: () =>
    new AppError(404, 'mailbox_disabled', 'Mail goes out by SMTP: there is no development mailbox.'),
  mailboxFilter: () => new AppError(400, 'invalid_request', 'Say whose mails: tag or to.'),
};
