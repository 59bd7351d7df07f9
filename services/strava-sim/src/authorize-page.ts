// The HTML page of GET /oauth/authorize: pick a seeded athlete, untick scopes, approve or deny.
import type { Athlete } from './athletes.ts';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SCOPE_TEXT: Record<string, string> = {
  read: 'View data about your public profile (required)',
  read_all: 'View data about your private routes, segments and events',
  'profile:read_all': 'View your complete Strava profile',
  'profile:write': 'Update your weight and FTP, star or unstar segments',
  'activity:read': 'View data about your activities (Everyone and Followers)',
  'activity:read_all': 'View data about your private activities (Only You)',
  'activity:write': 'Upload activities and edit activities visible to this app',
};

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string[];
  approvalPrompt: string;
}

export function authorizePage(req: AuthorizeRequest, athletes: readonly Athlete[], selected: number | null): string {
  const hidden = (name: string, value: string): string =>
    `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
  const options = athletes
    .map(
      (a) =>
        `<option value="${a.id}"${a.id === selected ? ' selected' : ''}>${esc(`${a.firstname} ${a.lastname}`)} — ${esc(a.place.city)} (#${a.id})</option>`,
    )
    .join('');
  const scopes = req.scope
    .map((s) => {
      const required = s === 'read';
      return `<li><label><input type="checkbox" name="granted_scope" value="${esc(s)}" checked${required ? ' disabled' : ''}> ${esc(SCOPE_TEXT[s] ?? s)} <code>${esc(s)}</code></label>${required ? hidden('granted_scope', s) : ''}</li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strava simulator — Authorize</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#242428}
.banner{background:#fc4c02;color:#fff;padding:.5rem .8rem;border-radius:6px;font-weight:600}
ul{list-style:none;padding:0}li{margin:.4rem 0}code{color:#6d6d78;font-size:.8em}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem;border-radius:4px;border:1px solid #ccc;cursor:pointer}
button[value=approve]{background:#fc4c02;color:#fff;border-color:#fc4c02}select{font-size:1rem;width:100%}
</style></head><body>
<p class="banner">Strava simulator — not the real Strava</p>
<h1>Authorize application ${esc(req.clientId)}</h1>
<p>The application will be redirected to <code>${esc(req.redirectUri)}</code>.</p>
<form method="post" action="authorize">
${hidden('client_id', req.clientId)}${hidden('response_type', 'code')}${hidden('redirect_uri', req.redirectUri)}${hidden('state', req.state)}${hidden('scope', req.scope.join(','))}${hidden('approval_prompt', req.approvalPrompt)}
<p><label for="athlete">Log in as a seeded athlete</label><br><select id="athlete" name="athlete_id">${options}</select></p>
<p>The application asks to:</p>
<ul>${scopes}</ul>
<p><button type="submit" name="decision" value="approve">Authorize</button><button type="submit" name="decision" value="deny">Cancel</button></p>
</form>
</body></html>`;
}
