import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP/ASVS minimum (19 MiB, 2 passes, 1 lane): ~240 ms here, run on
 * libuv's thread pool so the event loop keeps serving. (@node-rs/argon2 defaults to argon2id.)
 */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash of nothing anybody knows: verifying an unknown email's password against it takes
 * as long as verifying a real one, so timing does not tell which emails have accounts.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no such user ${Math.random()}`);
  return dummy;
}
