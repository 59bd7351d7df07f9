/** Creates the application's push subscription, or finds the existing one. */
export async function subscribe(
  apiUrl: string,
  clientId: string,
  clientSecret: string,
  callbackUrl: string,
  verifyToken: string,
): Promise<string> {
  const form = new URLSearchParams({
    client_id: clientId,
    client_secret: clientSecret,
    callback_url: callbackUrl,
    verify_token: verifyToken,
  });
  const res = await fetch(`${apiUrl}/push_subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as { id?: number };
  if (res.ok && body.id !== undefined) return String(body.id);
  const list = await fetch(
    `${apiUrl}/push_subscriptions?client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(clientSecret)}`,
  );
  const existing = (await list.json().catch(() => [])) as Array<{ id: number; callback_url: string }>;
  const hit = Array.isArray(existing) ? existing[0] : undefined;
  if (!hit) throw new Error(`push subscription refused: ${res.status} ${JSON.stringify(body)}`);
  return String(hit.id);
}
