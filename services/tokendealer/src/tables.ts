export interface TokendealerTables {
  signing_keys: {
    kid: string;
    alg: string;
    public_jwk: string;
    /** The private JWK sealed with the sealing key (AES-256-GCM, bound to the kid), never in clear. */
    private_jwk: string;
    created_at: string;
    /** When a newer key took over; still published until its tokens have expired. */
    retired_at: string | null;
    /** The key this one replaced ('' for the first): one rotation per key, whatever the replicas. */
    replaces: string | null;
  };
  clients: {
    client_id: string;
    name: string;
    /** SHA-256 of the secret, hex: secrets are 256-bit random, so no slow hash is needed. */
    secret_hash: string;
    scopes: string;
    user_scopes: string;
    created_at: string;
    disabled: number;
  };
}
