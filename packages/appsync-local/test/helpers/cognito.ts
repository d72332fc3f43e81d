/**
 * Shared by the local Cognito's tests: the fixture template's pools (test/fixtures/cognito/),
 * a LocalCognito over them with a clock the test moves and a seeded random source (so codes,
 * ids and SRP values repeat), every logged line, and a small SRP client written from the
 * protocol's description (RFC 5054 group, Cognito's hashing), independent of the server's code.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TemplateResolver } from '../../src/cloud-assembly/intrinsics.js';
import { LOCAL_ACCOUNT_ID, type LocalEnvironment } from '../../src/cloud-assembly/local-resources.js';
import type { CfnTemplate } from '../../src/cloud-assembly/template.js';
import { CognitoError, LocalCognito, type LocalCognitoOptions } from '../../src/cognito/local-cognito.js';
import { readUserPools, type UserPoolDefinition } from '../../src/cognito/user-pool-definitions.js';

export const REGION = 'eu-west-1';
export const STACK = 'ShopAuth';
export const ISSUER_BASE = 'http://localhost:4000/_local/cognito';
/** A password the fixture pools' policy accepts (10 or more, upper and lower case, a number). */
export const PASSWORD = 'Correct-Horse1';
export const FIXTURE_TEMPLATE = path.join(import.meta.dirname, '../fixtures/cognito/template.json');

export function fixtureTemplate(): CfnTemplate {
  return JSON.parse(readFileSync(FIXTURE_TEMPLATE, 'utf8')) as CfnTemplate;
}

export function fixtureEnv(overrides: Partial<LocalEnvironment> = {}): LocalEnvironment {
  return {
    region: REGION,
    accountId: LOCAL_ACCOUNT_ID,
    stackName: STACK,
    graphqlUrl: 'http://localhost:4000/graphql',
    realtimeUrl: 'ws://localhost:4000/graphql/realtime',
    apiKey: 'da2-local',
    ...overrides,
  };
}

export function fixtureResolver(overrides: Partial<LocalEnvironment> = {}, template = fixtureTemplate()): TemplateResolver {
  return new TemplateResolver(template, fixtureEnv(overrides));
}

export function fixturePools(overrides: Partial<LocalEnvironment> = {}): UserPoolDefinition[] {
  const template = fixtureTemplate();
  return readUserPools(template, fixtureResolver(overrides, template));
}

/** The fixture's pools and clients by role. */
export function fixtureIds(pools = fixturePools()) {
  const users = pools.find((p) => p.logicalId === 'Users')!;
  const customers = pools.find((p) => p.logicalId === 'Customers')!;
  const client = (pool: UserPoolDefinition, logicalId: string) => pool.clients.find((c) => c.logicalId === logicalId)!;
  return {
    users,
    customers,
    web: client(users, 'WebClient'),
    server: client(users, 'ServerClient'),
    customersClient: client(customers, 'CustomersClient'),
  };
}

/** A clock the test moves; starts at a fixed instant. */
export class TestClock {
  time = Date.parse('2026-03-05T09:04:07Z');
  readonly now = () => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A deterministic random source: SHA-256 in counter mode over a seed. */
export function seededRandom(seed = 'local-cognito'): (size: number) => Uint8Array {
  let counter = 0;
  return (size) => {
    const out = Buffer.alloc(size);
    for (let filled = 0; filled < size; filled += 32) {
      createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, filled);
    }
    return out;
  };
}

export interface TestCognito {
  cognito: LocalCognito;
  clock: TestClock;
  lines: string[];
  ids: ReturnType<typeof fixtureIds>;
  /** handle() as the HTTP handler calls it, without a signed request (trusted). */
  call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The error an action is refused with, as `{ type, message }`. */
  refusal(action: string, input: Record<string, unknown>): Promise<{ type: string; message: string }>;
  /** The last code logged for a user. */
  lastCode(username: string): string;
}

export async function openTestCognito(options: Partial<LocalCognitoOptions> = {}): Promise<TestCognito> {
  const clock = new TestClock();
  const lines: string[] = [];
  const pools = options.pools ?? fixturePools();
  const cognito = await LocalCognito.open({
    pools,
    issuerBase: ISSUER_BASE,
    region: REGION,
    log: (line) => lines.push(line),
    clock: clock.now,
    random: seededRandom(),
    ...options,
  });
  const call = (action: string, input: Record<string, unknown>) => cognito.handle(action, input);
  return {
    cognito,
    clock,
    lines,
    ids: fixtureIds(pools),
    call,
    refusal: async (action, input) => {
      try {
        await call(action, input);
      } catch (err) {
        if (err instanceof CognitoError) return { type: err.type, message: err.message };
        throw err;
      }
      throw new Error(`${action} was expected to be refused, and it succeeded`);
    },
    lastCode: (username) => {
      const line = lines.filter((l) => l.includes(` for ${username} in `)).at(-1);
      const code = line && /: (\d{6})$/.exec(line)?.[1];
      if (!code) throw new Error(`no code was logged for ${username}; lines: ${lines.join(' | ')}`);
      return code;
    },
  };
}

/** The payload of a JWT (no verification). */
export function claimsOf(token: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(token).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

// --- An SRP client from the protocol description -------------------------------------------------

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/** Java BigInteger.toByteArray() as hex: even length, a zero byte in front when the top bit is set. */
function toByteArrayHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return parseInt(hex[0]!, 16) >= 8 ? `00${hex}` : hex;
}
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
const hexHashInt = (hex: string) => BigInt(`0x${sha256(Buffer.from(hex, 'hex')).toString('hex')}`);
function powMod(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = ((base % mod) + mod) % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

export interface SrpClientSession {
  /** SRP_A, as Amplify sends it (hex, unpadded). */
  srpA: string;
  /** The PASSWORD_VERIFIER answer to a challenge's parameters. */
  answer(challenge: Record<string, string>, password: string, timestamp: string): Record<string, string>;
}

export function srpClient(poolId: string, randomHex: string): SrpClientSession {
  const poolName = poolId.split('_')[1]!;
  const a = BigInt(`0x${randomHex}`) % N;
  const A = powMod(g, a, N);
  const k = hexHashInt(toByteArrayHex(N) + toByteArrayHex(g));
  return {
    srpA: A.toString(16),
    answer(challenge, password, timestamp) {
      const user = challenge['USER_ID_FOR_SRP']!;
      const B = BigInt(`0x${challenge['SRP_B']}`);
      const salt = BigInt(`0x${challenge['SALT']}`);
      const u = hexHashInt(toByteArrayHex(A) + toByteArrayHex(B));
      const inner = createHash('sha256').update(`${poolName}${user}:${password}`).digest('hex');
      const x = hexHashInt(toByteArrayHex(salt) + inner);
      const S = powMod(B - k * powMod(g, x, N), a + u * x, N);
      const prk = createHmac('sha256', Buffer.from(toByteArrayHex(u), 'hex'))
        .update(Buffer.from(toByteArrayHex(S), 'hex'))
        .digest();
      const key = createHmac('sha256', prk).update('Caldera Derived Key\u0001').digest().subarray(0, 16);
      const signature = createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(poolName), Buffer.from(user), Buffer.from(challenge['SECRET_BLOCK']!, 'base64'), Buffer.from(timestamp)]))
        .digest('base64');
      return { USERNAME: user, PASSWORD_CLAIM_SECRET_BLOCK: challenge['SECRET_BLOCK']!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature };
    },
  };
}
