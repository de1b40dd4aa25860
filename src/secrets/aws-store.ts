// The aws backend: AWS Secrets Manager through the official SDK (imported only when this
// backend is used). Each account is one secret named <prefix>/<exchange>/<account> (prefix
// `kit` by default) whose SecretString is the flat credential record. Region and credentials
// come the SDK's usual way (AWS_REGION / AWS_PROFILE / env keys / SSO / instance role); the
// endpoint can be overridden with AWS_ENDPOINT_URL_SECRETS_MANAGER (honoured by the SDK) or
// "aws.endpoint" in settings.json.
import { ExitCode, KitError, UnavailableError } from '../errors.js';
import { redactEchoedCredentials, registerSecret } from './redact.js';
import { fromRecord, registerCredentials, toRecord } from './record.js';
import type { AccountRef, CredentialStore, StoredAccount } from './types.js';

export interface AwsOptions {
  region?: string;
  endpoint?: string;
  /** Secret-name prefix; default `kit`. */
  prefix?: string;
}

type Sdk = typeof import('@aws-sdk/client-secrets-manager');

const NOT_FOUND = 'ResourceNotFoundException';
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const REFUSED = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException', 'InvalidClientTokenId', 'SignatureDoesNotMatch']);

export class AwsStore implements CredentialStore {
  readonly kind = 'aws' as const;
  private readonly options: AwsOptions;
  private readonly prefix: string;
  private client?: { sdk: Sdk; client: InstanceType<Sdk['SecretsManagerClient']> };

  constructor(options: AwsOptions = {}) {
    this.options = options;
    this.prefix = (options.prefix ?? 'kit').replace(/\/+$/, '');
    // The SDK reads these itself; make sure no message can show them.
    registerSecret(process.env.AWS_SECRET_ACCESS_KEY);
    registerSecret(process.env.AWS_SESSION_TOKEN);
  }

  private async sdk(): Promise<{ sdk: Sdk; client: InstanceType<Sdk['SecretsManagerClient']> }> {
    if (this.client) return this.client;
    // The SDK warns on every run that its future versions will need Node 22; kit pins this
    // version, so the warning would only alarm the person at the keyboard.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const sdk = await import('@aws-sdk/client-secrets-manager');
    const client = new sdk.SecretsManagerClient({
      ...(this.options.region ? { region: this.options.region } : {}),
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      maxAttempts: 2,
    });
    this.client = { sdk, client };
    return this.client;
  }

  private nameOf(exchange: string, account: string): string {
    return `${this.prefix}/${exchange}/${account}`;
  }

  /** Runs one SDK call; `notFound` is returned for ResourceNotFoundException, other failures become clear errors. */
  private async call<T, F>(what: string, run: (sdk: Sdk, client: InstanceType<Sdk['SecretsManagerClient']>) => Promise<T>, notFound: F): Promise<T | F> {
    const { sdk, client } = await this.sdk();
    try {
      return await run(sdk, client);
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (name === NOT_FOUND) return notFound;
      throw this.explain(what, error);
    }
  }

  private explain(what: string, error: unknown): KitError {
    const name = (error as { name?: string }).name ?? 'Error';
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    const detail = redactEchoedCredentials(((error as Error).message ?? '').split('\n')[0]).slice(0, 200);
    if (EXPIRED.has(name)) {
      return new KitError(`AWS refused to ${what}: your AWS credentials have expired (${name}); nothing was changed`, ExitCode.unavailable, {
        hint: 'Refresh them (aws sso login, or new temporary keys from your identity provider) and run the command again.',
      });
    }
    if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
      return new KitError(`cannot ${what}: no AWS credentials were found; nothing was changed`, ExitCode.unavailable, {
        hint: 'Configure them the usual AWS way: AWS_PROFILE (aws configure / aws sso login), AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or an instance role.',
      });
    }
    if (REFUSED.has(name)) {
      return new KitError(`AWS refused to ${what} (${name}: ${detail}); nothing was changed`, ExitCode.unavailable, {
        hint: 'Check the AWS credentials and that their IAM policy allows secretsmanager:GetSecretValue, PutSecretValue, CreateSecret, DeleteSecret and ListSecrets on kit/*.',
      });
    }
    if (/region/i.test(detail) && /missing|not configured/i.test(detail)) {
      return new KitError(`cannot ${what}: no AWS region is configured; nothing was changed`, ExitCode.usage, { hint: 'Set AWS_REGION, or "aws.region" in settings.json.' });
    }
    const network = code && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code);
    return new UnavailableError(`could not ${what} in AWS Secrets Manager (${network ? code : `${name}: ${detail}`}); nothing was changed`, {
      hint: 'Check the network, the region and AWS_ENDPOINT_URL_SECRETS_MANAGER if you set it.',
    });
  }

  async get(exchange: string, account: string): Promise<StoredAccount | undefined> {
    const secretId = this.nameOf(exchange, account);
    const result = await this.call(`read ${secretId}`, (sdk, client) => client.send(new sdk.GetSecretValueCommand({ SecretId: secretId })), undefined);
    if (!result) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(result.SecretString ?? '');
    } catch {
      registerSecret(result.SecretString);
      record = undefined;
    }
    return fromRecord(exchange, account, record, `AWS Secrets Manager (${secretId})`);
  }

  async set(entry: StoredAccount): Promise<void> {
    registerCredentials(entry.credentials);
    const secretId = this.nameOf(entry.exchange, entry.account);
    const secretString = JSON.stringify(toRecord(entry));
    const put = await this.call(`store ${secretId}`, (sdk, client) => client.send(new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: secretString })), 'missing' as const);
    if (put !== 'missing') return;
    await this.call(
      `create ${secretId}`,
      (sdk, client) => client.send(new sdk.CreateSecretCommand({ Name: secretId, SecretString: secretString, Description: `kit: ${entry.exchange} API key (${entry.account})` })),
      undefined,
    );
  }

  async delete(exchange: string, account: string): Promise<boolean> {
    const secretId = this.nameOf(exchange, account);
    // Without the recovery window: otherwise the name stays taken for 7-30 days and a later
    // `kit connect` of the same account would fail.
    const result = await this.call(`delete ${secretId}`, (sdk, client) => client.send(new sdk.DeleteSecretCommand({ SecretId: secretId, ForceDeleteWithoutRecovery: true })), 'missing' as const);
    return result !== 'missing';
  }

  async list(): Promise<AccountRef[]> {
    const refs: AccountRef[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(
        'list the stored accounts',
        (sdk, client) => client.send(new sdk.ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${this.prefix}/`] }], MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) })),
        undefined,
      );
      for (const secret of page?.SecretList ?? []) {
        const m = new RegExp(`^${this.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([a-z0-9]+)/([a-z0-9_]+)$`).exec(secret.Name ?? '');
        if (!m) continue;
        const found = await this.get(m[1], m[2]);
        if (found) {
          const { credentials: _credentials, ...ref } = found;
          refs.push(ref);
        }
      }
      nextToken = page?.NextToken;
    } while (nextToken);
    return refs.sort((a, b) => a.exchange.localeCompare(b.exchange) || a.account.localeCompare(b.account));
  }
}
