// The simulated exchange: one loopback HTTP server speaking Binance (/api, /sapi, /fapi, /dapi)
// and Bybit v5 (/v5) dialects, seeded by a scenario. Point ccxt at `baseUrl` by replacing the
// scheme and host of every `urls.api` entry (Bybit's entries become exactly `baseUrl`).
import { createPrng } from './util/prng.js';
import { parseDuration } from './util/duration.js';
import { adminHttp, createAdmin, createStateView, type SimAdmin, type SimStateView } from './admin.js';
import { BinanceDialect } from './binance/dialect.js';
import { BinanceLimiter } from './binance/limits.js';
import { BybitDialect } from './bybit/dialect.js';
import { BybitLimiter } from './bybit/limits.js';
import { anchorFor, buildWorld } from './model/world.js';
import type { Scenario } from './scenario/schema.js';
import type { Dialect } from './server/dialect.js';
import { clockOffsetMs, FaultPlan } from './server/faults.js';
import { ADMIN_PREFIX, startHttpServer } from './server/http-server.js';
import { RequestLog } from './server/log.js';

export interface SimulatorOptions {
  scenario: Scenario;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** Serve the admin interface over HTTP under /__kit-sim/ (`kit sim --admin`). */
  adminHttp?: boolean;
  /** The real clock (ms); tests may pass their own. The scenario's clock offset is added to it. */
  clock?: () => number;
  /** The scenario's "now" (ms); default: the clock at start, floored to the minute. */
  anchor?: number;
  /** Divides the length of every rate-limit window (benchmarks with a time-scaled limit). */
  timeScale?: number;
}

export interface SimHandle {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  port: number;
  scenario: Scenario;
  admin: SimAdmin;
  state: SimStateView;
  /** Where the admin interface is served when adminHttp is on, else null. */
  adminUrl: string | null;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<SimHandle> {
  const { scenario } = options;
  const clock = options.clock ?? Date.now;
  const offset = clockOffsetMs(scenario);
  const serverTime = (): number => clock() + offset;
  const anchor = options.anchor ?? anchorFor(clock());
  const world = buildWorld(scenario, anchor);
  const log = new RequestLog();
  const timeScale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1;
  const minuteMs = (parseDuration(scenario.rateLimits.minute) ?? 60_000) / timeScale;
  const binanceLimiter = new BinanceLimiter({ minuteMs, ...scenario.rateLimits.binance });
  const bybitLimiter = new BybitLimiter({ minuteMs, ...scenario.rateLimits.bybit });
  const dialects: Dialect[] = [new BinanceDialect(world, binanceLimiter, serverTime), new BybitDialect(world, bybitLimiter, serverTime)];
  const admin = createAdmin(world, log, serverTime);
  const view = createStateView(world, serverTime);
  const server = await startHttpServer({
    host: options.host ?? '127.0.0.1', port: options.port ?? 0, dialects, world, log,
    faults: new FaultPlan(scenario, createPrng(`${scenario.seed}/faults`), anchor), serverTime,
    admin: options.adminHttp ? adminHttp(admin, view) : undefined,
  });
  return {
    baseUrl: server.baseUrl, port: server.port, scenario, admin, state: view,
    adminUrl: options.adminHttp ? server.baseUrl + ADMIN_PREFIX : null,
    close: () => server.close(),
  };
}

export { loadScenario, parseScenario, shippedScenarioNames } from './scenario/load.js';
export type { Scenario, Venue } from './scenario/schema.js';
export type { SimAdmin, SimStateView, KeyView, SimCredential } from './admin.js';
export type { InjectedEvent } from './model/world.js';
export type { GroundTruth } from './model/types.js';
export type { RequestLogEntry, SimCounters } from './server/log.js';
export { keyFingerprint } from './model/state.js';
