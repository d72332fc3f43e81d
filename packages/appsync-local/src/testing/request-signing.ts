/**
 * SigV4 headers for AppSync requests, as the AWS SDKs sign them (service `appsync`), for IAM
 * callers of the local API: a POST to /graphql, and the real-time connection (`/graphql/connect`,
 * body `{}`) and each subscription's start (`/graphql`, body the start's data).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The headers of a POST to `url` with `body`, signed for AppSync in `region` at `signingDate`
 * (now by default; a server on another clock checks the date against its own).
 */
export async function signedAppSyncHeaders(url: string, body: string, credentials: AwsCredentials, region: string, signingDate?: Date): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      headers: { host: target.host, 'content-type': 'application/json' },
      body,
    }),
    signingDate ? { signingDate } : undefined,
  );
  return signed.headers as Record<string, string>;
}
