// Fastify compiles every route's validators (Ajv) and response serializers (fast-json-stringify)
// when the service starts: for all the services of the all-in-one process, a good part of its
// start-up. These factories are Fastify's own, each compiling a route's function on its first
// call instead. A schema that does not compile then fails its route's first request (a 500),
// not the start: the test suite calls every route.
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type ValidatorFactory = AjvCompiler.ValidatorFactory;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

interface Validator {
  (data: unknown): unknown;
  errors?: unknown;
}

export function lazyValidators(build: ValidatorFactory = AjvCompiler()): ValidatorFactory {
  return ((externalSchemas: unknown, options: unknown) => {
    const compile = (build as (s: unknown, o: unknown) => (route: unknown) => Validator)(externalSchemas, options);
    return (route: unknown) => {
      let real: Validator | undefined;
      // Fastify reads the validator's `errors` after a failed call: the compiled one's, passed on.
      const validate: Validator = (data) => {
        real ??= compile(route);
        const ok = real(data);
        validate.errors = real.errors;
        return ok;
      };
      return validate;
    };
  }) as unknown as ValidatorFactory;
}

export function lazySerializers(build: SerializerFactory = SerializerSelector()): SerializerFactory {
  return ((externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let real: ((doc: unknown) => string) | undefined;
      return (doc: unknown) => (real ??= compile(route))(doc);
    };
  }) as SerializerFactory;
}
