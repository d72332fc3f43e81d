/**
 * The local identifiers of a template's Cognito resources, in Cognito's shapes and derived only
 * from the stack name and logical id: the same template gives the same pool id, client id and
 * client secret on every run, so a frontend's configuration (userPoolId, userPoolClientId) and
 * the users persisted under the state dir stay valid across restarts.
 *
 * Shapes, as Cognito issues them: pool id `<region>_<9 letters or digits>`, client id 26
 * lowercase letters or digits, client secret 51 lowercase letters or digits. A local secret is
 * not secret (anyone with the template can derive it); it only exists so SECRET_HASH is checked
 * exactly as Cognito checks it.
 */
import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function derive(kind: string, stackName: string, logicalId: string, alphabet: string, length: number): string {
  const bytes = createHash('sha512').update(`appsync-local:${kind}:${stackName}/${logicalId}`).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** `eu-west-1_AbC123xYz` */
export function localUserPoolId(region: string, stackName: string, logicalId: string): string {
  return `${region}_${derive('user-pool', stackName, logicalId, BASE62, 9)}`;
}

export function localUserPoolClientId(stackName: string, logicalId: string): string {
  return derive('user-pool-client', stackName, logicalId, BASE36, 26);
}

export function localUserPoolClientSecret(stackName: string, logicalId: string): string {
  return derive('user-pool-client-secret', stackName, logicalId, BASE36, 51);
}

/** What Cognito calls the provider: `cognito-idp.<region>.amazonaws.com/<poolId>`. */
export function cognitoProviderName(poolId: string): string {
  return `cognito-idp.${regionOfPoolId(poolId)}.amazonaws.com/${poolId}`;
}

/** The region a pool id starts with (`eu-west-1_...` → `eu-west-1`). */
export function regionOfPoolId(poolId: string): string {
  return poolId.slice(0, Math.max(0, poolId.indexOf('_')));
}

/** The part of a pool id after the `_`: SRP hashes it into every password verifier. */
export function poolNameForSrp(poolId: string): string {
  return poolId.slice(poolId.indexOf('_') + 1);
}
