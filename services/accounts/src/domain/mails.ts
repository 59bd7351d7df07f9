import { renderMail, type OutgoingMail } from '@runnerly/mail';

/** The mails the accounts service sends; links point at the dashboard. */
export function activationMail(to: string, name: string | null, link: string): OutgoingMail {
  return {
    to,
    subject: 'Confirm your Runnerly account',
    ...renderMail({
      heading: name ? `Welcome to Runnerly, ${name}` : 'Welcome to Runnerly',
      paragraphs: ['Confirm your email address to activate your account. The link works once, for 24 hours.'],
      action: { label: 'Activate my account', url: link },
      footer: 'If you did not sign up for Runnerly, ignore this mail: no account is activated without this link.',
    }),
  };
}

export function signupAttemptMail(to: string, resetLink: string, activationLink: string | null): OutgoingMail {
  return {
    to,
    subject: 'Someone tried to sign up with your address',
    ...renderMail({
      heading: 'You already have a Runnerly account',
      paragraphs: [
        'Someone (probably you) tried to create a Runnerly account with this email address, which already has one. Nothing was changed.',
        ...(activationLink
          ? [
              `Your account is not activated yet. To activate it, open this link (it works once, for 24 hours): ${activationLink}`,
            ]
          : []),
        'If you forgot your password, you can choose a new one.',
      ],
      action: { label: 'Reset my password', url: resetLink },
      footer: 'If this was not you, you can ignore this mail.',
    }),
  };
}

export function resetMail(to: string, link: string): OutgoingMail {
  return {
    to,
    subject: 'Reset your Runnerly password',
    ...renderMail({
      heading: 'Choose a new password',
      paragraphs: [
        'Someone asked to reset the password of the Runnerly account of this address. The link works once, for one hour.',
      ],
      action: { label: 'Choose a new password', url: link },
      footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
    }),
  };
}

export function passwordChangedMail(to: string, forgotLink: string): OutgoingMail {
  return {
    to,
    subject: 'Your Runnerly password was changed',
    ...renderMail({
      heading: 'Your password was changed',
      paragraphs: [
        'The password of your Runnerly account has just been changed.',
        'If this was not you, reset your password now.',
      ],
      action: { label: 'Reset my password', url: forgotLink },
    }),
  };
}

export function failedLoginsMail(to: string, forgotLink: string): OutgoingMail {
  return {
    to,
    subject: 'Failed attempts to sign in to your Runnerly account',
    ...renderMail({
      heading: 'Someone is trying to sign in',
      paragraphs: [
        'There have been several failed attempts to sign in to your Runnerly account in the last 15 minutes. Your account is not locked: you can still sign in, attempts are only slowed down.',
        'If this was not you, choose a new, strong password.',
      ],
      action: { label: 'Choose a new password', url: forgotLink },
      footer: 'If it was you, you can ignore this mail.',
    }),
  };
}

export function exportReadyMail(
  to: string,
  link: string,
  details: { runs: number; size: number; expiresAt: string },
): OutgoingMail {
  const mb = (details.size / (1024 * 1024)).toFixed(1);
  return {
    to,
    subject: 'Your Runnerly export is ready',
    ...renderMail({
      heading: 'Your data is ready to download',
      paragraphs: [
        `The export you asked for is ready: a ZIP of ${mb} MB with your account, your ${details.runs} run${details.runs === 1 ? '' : 's'} in full and the files you imported.`,
        `Download it from your Account page (signed in), until ${details.expiresAt.slice(0, 10)} (then it is deleted).`,
      ],
      action: { label: 'Download my export', url: link },
      footer: 'If you did not ask for an export, change your password: someone signed in to your account.',
    }),
  };
}
