// What the fuzz test holds every answer to: no 5xx, a status the operation declares, an error
// body of `{code, message}`, and a body that matches the schema declared for its status.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Operation } from './requests.ts';
import type { Schema } from './generate.ts';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Checks answers against the OpenAPI documents' response schemas (compiled once per operation and status). */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly docs: Record<string, Schema>) {
    addFormats.default(this.ajv);
  }

  /**
   * The problems with this answer to `op` (none: it is fine). `also` is an operation whose
   * declared answers count too (the upstream's, for a request routed through the gateway).
   * `anyRoute`: the request's path names no route of `op` (a path trick): any route may have
   * answered, so only the status class and the error body are checked.
   */
  problems(op: Operation, answer: Answer, also?: Operation, anyRoute = false): string[] {
    const problems: string[] = [];
    const { status } = answer;
    if (status >= 500) problems.push(`${status}: a server error`);
    const declared = anyRoute ? undefined : declaredStatus(op, status);
    const upstream = also && !anyRoute ? declaredStatus(also, status) : undefined;
    if (!declared && !anyRoute) problems.push(`${status} is not declared by ${op.service} ${op.method} ${op.path}`);
    let json: unknown;
    const isJson = /json/.test(answer.contentType);
    if (isJson && answer.text) {
      try {
        json = JSON.parse(answer.text);
      } catch {
        problems.push(`${status}: the body is not JSON although its content type says so`);
      }
    }
    if (status >= 400) {
      const body = json as { code?: unknown; message?: unknown } | undefined;
      if (!isJson || typeof body?.code !== 'string' || typeof body.message !== 'string')
        problems.push(`${status}: the error body is not {code, message}: ${answer.text.slice(0, 200)}`);
    }
    const [owner, key] = upstream ? [also!, upstream] : declared ? [op, declared] : [undefined, undefined];
    if (owner && key && json !== undefined) {
      const validate = this.validator(owner, key);
      if (validate && !validate(json))
        problems.push(
          `${status}: the body does not match ${owner.service} ${owner.method} ${owner.path}'s ${key} schema: ${this.ajv.errorsText(validate.errors)}`,
        );
    }
    return problems;
  }

  private validator(op: Operation, key: string): ValidateFunction | null {
    const id = `${op.service} ${op.method} ${op.path} ${key}`;
    if (!this.compiled.has(id)) {
      const schema = op.spec.responses?.[key]?.content?.['application/json']?.schema as Schema | undefined;
      // `$ref`s point into the document's components: the schema is compiled with them beside it.
      this.compiled.set(
        id,
        schema ? this.ajv.compile({ ...schema, components: this.docs[op.service]?.components ?? {} }) : null,
      );
    }
    return this.compiled.get(id)!;
  }
}

/** The response key that declares this status (`404`, `4XX` or `default`), if any. */
export function declaredStatus(op: Operation, status: number): string | undefined {
  const responses = (op.spec.responses ?? {}) as Record<string, unknown>;
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) if (key in responses) return key;
  return undefined;
}
