/** The headers a message carries from its sender to its handler: the trace context, nothing else. */
export function carried(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = headers?.[key];
    if (typeof value === 'string' && value.length <= 512) out[key] = value;
  }
  return out;
}
