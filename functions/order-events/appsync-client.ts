/**
 * Calls the API's GraphQL endpoint as an IAM principal: the request is signed with SigV4
 * (service `appsync`) using the function's credentials, as AppSync's AWS_IAM mode requires.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export class GraphqlRequestError extends Error {
  override readonly name = 'GraphqlRequestError';
}

export class IamGraphqlClient {
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(
    url: string,
    region: string,
    credentials: AwsCredentialIdentityProvider = defaultProvider(),
    private readonly timeoutMs = 5000,
  ) {
    this.url = new URL(url);
    this.signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
  }

  /** Runs an operation; fails on a non-200 answer or on GraphQL errors, naming their types (never their data). */
  async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const signed = await this.signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        ...(this.url.port ? { port: Number(this.url.port) } : {}),
        path: this.url.pathname,
        headers: { host: this.url.host, 'content-type': 'application/json' },
        body,
      }),
    );
    const response = await fetch(this.url, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await response.text();
    let json: { data?: T; errors?: { errorType?: string; message?: string }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new GraphqlRequestError(`GraphQL endpoint answered HTTP ${response.status} with a body that is not JSON`);
    }
    if (!response.ok || json.errors?.length) {
      const types = (json.errors ?? []).map((e) => e.errorType ?? 'unknown').join(', ');
      throw new GraphqlRequestError(`GraphQL request failed: HTTP ${response.status}${types ? `, errors: ${types}` : ''}`);
    }
    return json.data as T;
  }
}
