/**
 * The server side of Cognito's SRP against the client Amplify ships: Amplify's own helpers
 * (@aws-amplify/auth's getAuthenticationHelper, getSignatureString, getNowString, loaded from
 * its installed files) compute A, the key and PASSWORD_CLAIM_SIGNATURE; the server must derive
 * the same signature from the verifier alone, and a different one for a wrong password. The
 * helper client in test/helpers/cognito.ts (written from the protocol's description) is checked
 * the same way, since the in-process sign-in tests use it.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp, isSrpTimestamp, padHex, signaturesMatch, srpClaimSignature, SRP_N, srpServerEphemeral, srpServerKey, srpVerifier } from '../../../src/cognito/srp.js';
import { srpClient } from '../../helpers/cognito.js';

interface AmplifyBigInteger {
  toString(radix: number): string;
}
interface AmplifySrp {
  getAuthenticationHelper(poolName: string): Promise<{
    A: AmplifyBigInteger;
    getPasswordAuthenticationKey(input: { username: string; password: string; serverBValue: AmplifyBigInteger; salt: AmplifyBigInteger }): Promise<Uint8Array>;
  }>;
  getSignatureString(input: { userPoolName: string; username: string; challengeParameters: Record<string, string>; dateNow: string; hkdf: Uint8Array }): string;
  getNowString(): string;
}

/** Amplify's SRP helpers are internal (not in its exports): they are loaded from the installed files. */
async function amplifySrp(): Promise<{ srp: AmplifySrp; BigInteger: new (value: string, radix: number) => AmplifyBigInteger }> {
  const root = path.dirname(path.dirname(path.dirname(createRequire(import.meta.url).resolve('@aws-amplify/auth'))));
  const dir = path.join(root, 'dist/esm/providers/cognito/utils/srp');
  const srp = (await import(pathToFileURL(path.join(dir, 'index.mjs')).href)) as AmplifySrp;
  const { default: BigInteger } = (await import(pathToFileURL(path.join(dir, 'BigInteger/BigInteger.mjs')).href)) as {
    default: new (value: string, radix: number) => AmplifyBigInteger;
  };
  return { srp, BigInteger };
}

const POOL_ID = 'eu-west-1_AbC123xYz';
const POOL_NAME = 'AbC123xYz';

describe('SRP: the server agrees with Amplify', () => {
  it('for several users, salts and ephemerals: same signature for the right password, another for a wrong one', async () => {
    const { srp, BigInteger } = await amplifySrp();
    for (const [username, password] of [
      ['ann', 'Secret-Passw0rd'],
      ['0f8fad5b-d9cb-469f-a165-70867728950e', 'ünïcødé pässwörd 1A'],
      ['Bob.Smith+test', 'x'],
    ] as const) {
      const salt = randomBytes(16).toString('hex');
      const verifier = srpVerifier(POOL_NAME, username, password, salt);
      const { b, B } = srpServerEphemeral(verifier, randomBytes(32));
      const secretBlock = randomBytes(48).toString('base64');
      const challengeParameters = { SECRET_BLOCK: secretBlock, SALT: salt, SRP_B: B.toString(16), USER_ID_FOR_SRP: username };
      const dateNow = srp.getNowString();

      const helper = await srp.getAuthenticationHelper(POOL_NAME);
      const A = BigInt(`0x${helper.A.toString(16)}`);
      const sign = async (pw: string) =>
        srp.getSignatureString({
          userPoolName: POOL_NAME,
          username,
          challengeParameters,
          dateNow,
          hkdf: await helper.getPasswordAuthenticationKey({ username, password: pw, serverBValue: new BigInteger(B.toString(16), 16), salt: new BigInteger(salt, 16) }),
        });

      const key = srpServerKey({ A, B, b, verifierHex: verifier });
      expect(key).toBeDefined();
      const expected = srpClaimSignature(key!, { poolName: POOL_NAME, userIdForSrp: username, secretBlock, timestamp: dateNow });
      expect(signaturesMatch(expected, await sign(password)), `${username}: right password`).toBe(true);
      expect(signaturesMatch(expected, await sign(`${password}!`)), `${username}: wrong password`).toBe(false);
      expect(isSrpTimestamp(dateNow)).toBe(true);
    }
  });

  it('a salt with a leading zero byte and hashes with leading zeros are read as Amplify reads them (as integers)', async () => {
    const { srp, BigInteger } = await amplifySrp();
    const salt = `00${randomBytes(15).toString('hex')}`;
    const verifier = srpVerifier(POOL_NAME, 'ann', 'pw', salt);
    const { b, B } = srpServerEphemeral(verifier, randomBytes(32));
    const helper = await srp.getAuthenticationHelper(POOL_NAME);
    const hkdf = await helper.getPasswordAuthenticationKey({ username: 'ann', password: 'pw', serverBValue: new BigInteger(B.toString(16), 16), salt: new BigInteger(salt, 16) });
    const key = srpServerKey({ A: BigInt(`0x${helper.A.toString(16)}`), B, b, verifierHex: verifier });
    expect(Buffer.from(hkdf).toString('hex')).toBe(key!.toString('hex'));
  });

  it('the test helper client computes what Amplify computes', async () => {
    const salt = randomBytes(16).toString('hex');
    const verifier = srpVerifier(POOL_NAME, 'ann', 'Secret-Passw0rd', salt);
    const { b, B } = srpServerEphemeral(verifier, randomBytes(32));
    const client = srpClient(POOL_ID, randomBytes(128).toString('hex'));
    const challenge = { SALT: salt, SRP_B: B.toString(16), SECRET_BLOCK: randomBytes(32).toString('base64'), USER_ID_FOR_SRP: 'ann' };
    const timestamp = 'Thu Mar 5 09:04:07 UTC 2026';
    const answer = client.answer(challenge, 'Secret-Passw0rd', timestamp);
    const key = srpServerKey({ A: BigInt(`0x${client.srpA}`), B, b, verifierHex: verifier });
    expect(answer['PASSWORD_CLAIM_SIGNATURE']).toBe(srpClaimSignature(key!, { poolName: POOL_NAME, userIdForSrp: 'ann', secretBlock: challenge.SECRET_BLOCK, timestamp }));
  });

  it('refuses an A that is 0 mod N (no key, so no signature can match)', () => {
    const verifier = srpVerifier(POOL_NAME, 'ann', 'pw', 'aa');
    const { b, B } = srpServerEphemeral(verifier, randomBytes(32));
    expect(srpServerKey({ A: 0n, B, b, verifierHex: verifier })).toBeUndefined();
    expect(srpServerKey({ A: SRP_N, B, b, verifierHex: verifier })).toBeUndefined();
    expect(srpServerKey({ A: SRP_N * 3n, B, b, verifierHex: verifier })).toBeUndefined();
  });
});

describe('SRP encodings', () => {
  it("padHex is Amplify's getPaddedHex for non-negative values (its documented examples)", () => {
    expect(padHex(20n)).toBe('14');
    expect(padHex(56n)).toBe('38');
    expect(padHex(236n)).toBe('00ec');
    expect(padHex(200n)).toBe('00c8');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(0x8abcn)).toBe('008abc');
  });

  it("TIMESTAMP: Amplify's format (English names, UTC, day unpadded); others refused", () => {
    expect(formatSrpTimestamp(new Date('2026-03-05T09:04:07Z'))).toBe('Thu Mar 5 09:04:07 UTC 2026');
    expect(formatSrpTimestamp(new Date('2025-12-31T23:59:59Z'))).toBe('Wed Dec 31 23:59:59 UTC 2025');
    expect(isSrpTimestamp('Thu Mar 5 09:04:07 UTC 2026')).toBe(true);
    expect(isSrpTimestamp('Thu Mar 05 09:04:07 UTC 2026')).toBe(true);
    for (const bad of ['2026-03-05T09:04:07Z', 'jeu. mars 5 09:04:07 UTC 2026', 'Thu Mar 5 9:04:07 UTC 2026', 'Thu Mar 5 09:04:07 GMT 2026', '']) {
      expect(isSrpTimestamp(bad), bad).toBe(false);
    }
  });
});
