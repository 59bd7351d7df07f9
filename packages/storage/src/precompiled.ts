import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * A query built and compiled once per database, then run with new values: for a small indexed
 * read, building and compiling a Kysely query on every call costs more than the read itself.
 * `build` receives one marker per argument and uses each where the value goes (`where`
 * values only: strings); each call swaps the markers for its own arguments.
 */
export function precompiled<DB, Row>(
  arity: number,
  build: (db: Kysely<DB>, ...markers: string[]) => Compilable<Row>,
): (db: Kysely<DB>, ...args: string[]) => Promise<Row[]> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000precompiled:${i}\u0000`);
  // Per parameter of the compiled query: which argument goes there (-1: a value of the query's own).
  const compiled = new WeakMap<Kysely<DB>, { query: CompiledQuery<Row>; slots: number[] }>();
  return async (db, ...args) => {
    if (args.length !== arity) throw new TypeError(`a precompiled query takes ${arity} values, not ${args.length}`);
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, ...markers).compile();
      const slots = query.parameters.map((p) => markers.indexOf(p as string));
      const used = slots.filter((s) => s >= 0);
      if (used.length !== arity || new Set(used).size !== arity) throw new TypeError('every marker must be used once');
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
