// A strict stand-in for AWS Secrets Manager's JSON 1.1 API on loopback. Every request must be
// POST / with Content-Type application/x-amz-json-1.1, an X-Amz-Target naming a known operation,
// the body fields that operation documents, and a SigV4 Authorization header whose signature is
// recomputed here, independently of the SDK, from the test's known credentials. Anything else is
// recorded as a violation (the tests assert none) and answered as AWS would.
import http from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface AwsTestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface FakeSecretsManager {
  endpoint: string;
  secrets: Map<string, string>;
  operations: string[];
  violations: string[];
  /** Session tokens the fake answers with ExpiredTokenException. */
  expiredTokens: Set<string>;
  close(): Promise<void>;
}

const OPERATIONS: Record<string, { required: string[]; allowed: string[] }> = {
  GetSecretValue: { required: ['SecretId'], allowed: ['SecretId', 'VersionId', 'VersionStage'] },
  PutSecretValue: { required: ['SecretId', 'SecretString'], allowed: ['SecretId', 'SecretString', 'ClientRequestToken', 'VersionStages'] },
  CreateSecret: { required: ['Name', 'SecretString'], allowed: ['Name', 'SecretString', 'ClientRequestToken', 'Description', 'KmsKeyId', 'Tags'] },
  DeleteSecret: { required: ['SecretId'], allowed: ['SecretId', 'ForceDeleteWithoutRecovery', 'RecoveryWindowInDays'] },
  ListSecrets: { required: [], allowed: ['Filters', 'MaxResults', 'NextToken', 'IncludePlannedDeletion', 'SortOrder'] },
};

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Recomputes the SigV4 signature of a request (AWS General Reference, "Create a signed AWS API request"). */
export function expectedSignature(req: { method: string; path: string; query: string; headers: http.IncomingHttpHeaders; body: string }, signedHeaders: string[], scope: { date: string; region: string; service: string }, amzDate: string, secretAccessKey: string): string {
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalQuery = [...new URLSearchParams(req.query)].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
  const canonicalRequest = [req.method, req.path, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), sha256(req.body)].join('\n');
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, scope.date), scope.region), scope.service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

export async function startFakeSecretsManager(options: { credentials: AwsTestCredentials; region: string }): Promise<FakeSecretsManager> {
  const secrets = new Map<string, string>();
  const operations: string[] = [];
  const violations: string[] = [];
  const expiredTokens = new Set<string>();
  const answer = (res: http.ServerResponse, status: number, body: unknown, errorType?: string): void => {
    res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}), 'x-amzn-RequestId': 'fake-request-id' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, type: string, message: string, violation?: string): void => {
    if (violation) violations.push(violation);
    answer(res, 400, { __type: type, message }, type);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://aws');
      if (req.method !== 'POST' || url.pathname !== '/') return fail(res, 'UnknownOperationException', 'bad request line', `${req.method} ${req.url}`);
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') return fail(res, 'SerializationException', 'bad content type', `content-type ${String(req.headers['content-type'])}`);
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
      const spec = OPERATIONS[operation];
      if (!spec) return fail(res, 'UnknownOperationException', `unknown target ${target}`, `X-Amz-Target ${target}`);

      // SigV4: structure, scope, then the signature itself.
      const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ''));
      if (!auth) return fail(res, 'IncompleteSignatureException', 'malformed Authorization', `Authorization ${String(req.headers.authorization).slice(0, 40)}`);
      const [, accessKeyId, date, region, service, signedList, signature] = auth;
      const signed = signedList.split(';');
      const amzDate = String(req.headers['x-amz-date'] ?? '');
      const problems = [
        accessKeyId !== options.credentials.accessKeyId && `unknown access key ${accessKeyId}`,
        service !== 'secretsmanager' && `service ${service}`,
        region !== options.region && `region ${region}`,
        !amzDate.startsWith(date) && `x-amz-date ${amzDate} outside scope ${date}`,
        [...signed].sort().join(';') !== signedList && 'SignedHeaders not sorted',
        ...['host', 'x-amz-date', 'x-amz-target', 'content-type'].filter((h) => !signed.includes(h)).map((h) => `${h} not signed`),
        req.headers['x-amz-security-token'] !== undefined && !signed.includes('x-amz-security-token') && 'x-amz-security-token not signed',
        req.headers['x-amz-content-sha256'] !== undefined && req.headers['x-amz-content-sha256'] !== sha256(body) && 'x-amz-content-sha256 does not match the body',
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length > 0) return fail(res, 'InvalidSignatureException', problems.join('; '), problems.join('; '));
      const recomputed = expectedSignature({ method: 'POST', path: url.pathname, query: url.search, headers: req.headers, body }, signed, { date, region, service }, amzDate, options.credentials.secretAccessKey);
      if (recomputed !== signature) return fail(res, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', 'signature mismatch');
      const token = req.headers['x-amz-security-token'];
      if (typeof token === 'string' && expiredTokens.has(token)) return fail(res, 'ExpiredTokenException', 'The security token included in the request is expired');
      if (token !== options.credentials.sessionToken && !(typeof token === 'string' && expiredTokens.has(token))) return fail(res, 'UnrecognizedClientException', 'The security token included in the request is invalid.', `session token ${String(token)}`);

      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return fail(res, 'SerializationException', 'body is not JSON', 'body is not JSON');
      }
      const missing = spec.required.filter((k) => input[k] === undefined);
      const unknown = Object.keys(input).filter((k) => !spec.allowed.includes(k));
      if (missing.length + unknown.length > 0) return fail(res, 'ValidationException', `missing ${missing.join(',')} unknown ${unknown.join(',')}`, `${operation} fields: missing ${missing} unknown ${unknown}`);
      operations.push(operation);
      const notFound = (): void => fail(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      switch (operation) {
        case 'GetSecretValue': {
          const value = secrets.get(String(input.SecretId));
          return value === undefined ? notFound() : answer(res, 200, { Name: input.SecretId, SecretString: value, VersionId: 'v1', ARN: `arn:aws:secretsmanager:${region}:123456789012:secret:${String(input.SecretId)}` });
        }
        case 'PutSecretValue':
          if (!secrets.has(String(input.SecretId))) return notFound();
          secrets.set(String(input.SecretId), String(input.SecretString));
          return answer(res, 200, { Name: input.SecretId, VersionId: 'v2' });
        case 'CreateSecret':
          if (secrets.has(String(input.Name))) return fail(res, 'ResourceExistsException', 'exists');
          secrets.set(String(input.Name), String(input.SecretString));
          return answer(res, 200, { Name: input.Name, VersionId: 'v1' });
        case 'DeleteSecret':
          if (!secrets.delete(String(input.SecretId))) return notFound();
          return answer(res, 200, { Name: input.SecretId, DeletionDate: Date.now() / 1000 });
        default: {
          const filters = (input.Filters as Array<{ Key: string; Values: string[] }> | undefined) ?? [];
          const prefixes = filters.filter((f) => f.Key === 'name').flatMap((f) => f.Values);
          const names = [...secrets.keys()].filter((n) => prefixes.length === 0 || prefixes.some((p) => n.startsWith(p))).sort();
          // One secret per page, so that pagination is exercised.
          const start = input.NextToken ? Number(input.NextToken) : 0;
          const page = names.slice(start, start + 1).map((Name) => ({ Name }));
          return answer(res, 200, { SecretList: page, ...(start + 1 < names.length ? { NextToken: String(start + 1) } : {}) });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, secrets, operations, violations, expiredTokens, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
