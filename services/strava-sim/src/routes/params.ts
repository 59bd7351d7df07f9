// Strava reads parameters from the query string, a form body or a JSON body alike.
import type { FastifyRequest } from 'fastify';

export type Params = Record<string, string | string[]>;

export function params(request: FastifyRequest): Params {
  const out: Params = {};
  const add = (src: unknown): void => {
    if (!src || typeof src !== 'object') return;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      out[k] = Array.isArray(v) ? v.map(String) : String(v);
    }
  };
  add(request.query);
  add(request.body);
  return out;
}

export function one(p: Params, key: string): string | undefined {
  const v = p[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function many(p: Params, key: string): string[] {
  const v = p[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Parses application/x-www-form-urlencoded, keeping repeated keys as arrays. */
export function parseForm(body: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function splitScope(s: string | undefined): string[] {
  return (s ?? '')
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean)
    .filter((x, i, all) => all.indexOf(x) === i);
}
