import { escapeHtml } from '@runnerly/mail';

/** A piece of HTML that is safe to place as it is: built by `markup` with every value escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = string | number | SafeHtml | readonly SafeHtml[] | null | undefined | false;

/**
 * A tagged template for HTML (not named `html`, so that Prettier leaves its text alone): strings and numbers placed in it are escaped (text and attribute
 * positions alike), `SafeHtml` pieces and lists of them are placed as they are, and null,
 * undefined and false leave nothing.
 */
export function markup(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += place(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

function place(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map((p: SafeHtml) => p.value).join('');
  return escapeHtml(String(v));
}
