import { Type, type Static } from '@sinclair/typebox';

/** Every error body of every service. `code` is stable and machine-readable. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_request' }),
    message: Type.String({ description: 'What went wrong, for a person' }),
  },
  { additionalProperties: true },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Responses shared by every authenticated route. */
export const commonErrorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
} as const;
