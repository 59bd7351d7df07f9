import { Type, type Static } from '@sinclair/typebox';

export const TokenRequest = Type.Object(
  {
    grant_type: Type.String({
      minLength: 1,
      maxLength: 200,
      description: '`client_credentials`, or token exchange for a user token',
    }),
    client_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'When not sent with HTTP Basic auth' }),
    ),
    client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    scope: Type.Optional(
      Type.String({ maxLength: 1000, description: "Space-separated subset of the client's scopes" }),
    ),
    subject_token: Type.Optional(Type.String({ maxLength: 100, description: 'Token exchange: the user id' })),
    subject_token_type: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds' }),
  scope: Type.String(),
  issued_token_type: Type.Optional(Type.String()),
});
export type TokenResponse = Static<typeof TokenResponse>;

/** RFC 6749 §5.2 error, with the house `{code, message}` alongside. */
export const OAuthError = Type.Object({
  error: Type.String(),
  error_description: Type.String(),
  code: Type.String(),
  message: Type.String(),
});

export const Jwk = Type.Object({
  kty: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  y: Type.Optional(Type.String()),
});
export const Jwks = Type.Object({ keys: Type.Array(Jwk) });
export type Jwks = Static<typeof Jwks>;

/** Claims of every token the token dealer signs. */
export interface TokenClaims {
  iss: string;
  aud: string;
  sub: string;
  exp: number;
  iat: number;
  jti: string;
  scope: string;
  client_id: string;
  token_use: 'service' | 'user';
}
