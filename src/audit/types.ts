// The audit log record (JSONL under $KIT_HOME/audit/, one file per day, mode 0600).
// Never a secret, a signature or a full key: keys appear only as a fingerprint
// (first 8 hex digits of the SHA-256 of the API key).

export type AuditType = 'api' | 'auth' | 'incident' | 'config';

export interface AuditRecord {
  time: string;
  type: AuditType;
  /** OS user who ran kit, so people sharing one installation stay accountable. */
  user: string;
  exchange?: string;
  account?: string;
  keyFingerprint?: string;
  /** For api records: endpoint path (no query string), HTTP method, status, duration, error class. */
  endpoint?: string;
  method?: string;
  status?: number;
  durationMs?: number;
  errorClass?: string;
  /** dead | restricted | transient | unknown (exchange error classification). */
  errorKind?: string;
  mutating?: boolean;
  dryRun?: boolean;
  incidentId?: string;
  /** Free text for non-api records (connect, disconnect, config changes). Redacted before writing. */
  message?: string;
}

export type AuditSink = (record: Omit<AuditRecord, 'time' | 'user'> & Partial<Pick<AuditRecord, 'time' | 'user'>>) => void;
