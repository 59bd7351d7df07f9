// Compressed forms of bodies that are sent again unchanged (a kept answer, an upstream's answer
// with the same ETag): the kit's compression makes each form once per Accept-Encoding header, and
// later replies with that header are sent those bytes instead of compressing the same body again.
import { pipeline, Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';

interface Form {
  encoding: string;
  bytes: Buffer;
}

export interface CompressedForms {
  /**
   * Sends the form kept under `key` for the request's Accept-Encoding header, if there is one;
   * otherwise marks the reply so that what the compression step makes of it is kept under `key`.
   * `key` must name one body exactly (its owner's id and URL with a version or an ETag).
   */
  sendOrKeep(request: FastifyRequest, reply: FastifyReply, key: string): Promise<boolean>;
  /**
   * Puts the keeping step on the routes added after it in `app`'s context: call it in a plugin
   * registered after the kit's compression (any service's routes plugin), before its routes.
   */
  install(app: FastifyInstance): void;
}

const MAX_FORM_BYTES = 1024 * 1024;

export interface CompressedFormsOptions {
  /** Bound of all forms kept (default 16 MiB); forms of one body for different headers are separate entries, each at most 1 MiB. */
  maxBytes?: number;
  /** Counts the replies sent a kept form. */
  sent?: Counter;
}

export function compressedForms({ maxBytes = 16 * 1024 * 1024, sent }: CompressedFormsOptions = {}): CompressedForms {
  const forms = new LRUCache<string, Form>({
    max: 10_000,
    maxSize: maxBytes,
    maxEntrySize: MAX_FORM_BYTES,
    sizeCalculation: (form, key) => form.bytes.length + key.length + 64,
  });
  const marked = new WeakMap<FastifyRequest, string>();
  const formKey = (request: FastifyRequest, key: string) => `${request.headers['accept-encoding']}\n${key}`;

  const keepStep: onSendHookHandler<unknown> = async (request, reply, payload) => {
    const key = marked.get(request);
    const encoding = reply.getHeader('content-encoding');
    if (key === undefined || reply.statusCode !== 200 || typeof encoding !== 'string' || encoding === 'identity')
      return payload;
    if (Buffer.isBuffer(payload)) {
      forms.set(key, { encoding, bytes: payload });
      return payload;
    }
    // Large bodies are compressed as a stream (the compression step's, from readable-stream): its
    // chunks are kept as they pass, and the whole once it has ended, within an entry's bound.
    if (typeof (payload as Partial<NodeJS.ReadableStream> | null)?.pipe !== 'function') return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size <= MAX_FORM_BYTES) chunks.push(chunk);
        done(null, chunk);
      },
      flush(done) {
        if (size <= MAX_FORM_BYTES) forms.set(key, { encoding, bytes: Buffer.concat(chunks, size) });
        done();
      },
    });
    pipeline(payload as NodeJS.ReadableStream, tap, () => {});
    return tap;
  };

  return {
    async sendOrKeep(request, reply, key) {
      // Without an Accept-Encoding header the compression step sends the body as it is.
      if (!request.headers['accept-encoding']) return false;
      const full = formKey(request, key);
      const form = forms.get(full);
      if (!form) {
        marked.set(request, full);
        return false;
      }
      // Sent as it is: the compression step leaves a reply with a Content-Encoding alone.
      sent?.inc();
      await reply.header('content-encoding', form.encoding).header('vary', 'accept-encoding').send(form.bytes);
      return true;
    },
    install(app) {
      // The kit's compression is an onSend hook each route gets as it is added: this one goes
      // after it on the same routes, so that it sees what compression made.
      app.addHook('onRoute', (route) => {
        route.onSend = [...(route.onSend === undefined ? [] : [route.onSend].flat()), keepStep];
      });
    },
  };
}
