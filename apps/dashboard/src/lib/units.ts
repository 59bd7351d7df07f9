/** The runner's units (shared with the mails), and how the pages name a run's source. */
export * from '@runnerly/units';

export function sourceLabel(source: string): string {
  return source === 'strava'
    ? 'Strava'
    : source === 'file'
      ? 'File upload'
      : source === 'manual'
        ? 'Entered by hand'
        : source;
}
