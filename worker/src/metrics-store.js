// MetricsStore: a Durable Object (SQLite-backed) per bucket — the counters that must add up across every isolate
// and location a Worker runs in, and the "once" of outcome reports. A Workers isolate's memory is one isolate's
// view; a Durable Object is one object worldwide (https://developers.cloudflare.com/durable-objects/), so every
// isolate's events for a bucket land in the same rows, and a report claimed here is claimed everywhere.
//
// Rows are per minute (metrics-model.js); an alarm prunes rows older than RETENTION_MINUTES and claims older than
// CLAIM_RETENTION_MS (longer than any upload URL lives, so a late duplicate report is still recognised).

import { DurableObject } from "cloudflare:workers";
import { rowsOf } from "./metrics-model.js";

const RETENTION_MINUTES = 8 * 24 * 60;
const CLAIM_RETENTION_MS = 8 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

export class MetricsStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS counts (minute INTEGER NOT NULL, region TEXT NOT NULL, metric TEXT NOT NULL, label TEXT NOT NULL,
      n INTEGER NOT NULL, total REAL NOT NULL, PRIMARY KEY (minute, region, metric, label))`);
    this.sql.exec("CREATE TABLE IF NOT EXISTS claims (id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    // Size-less PUTs waiting for verification (object-verify.js): the key and when its URL expires.
    this.sql.exec("CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
  }

  /** Adds events (metrics-model.js) to the per-minute rows. */
  async record(events) {
    for (const r of rowsOf(events)) {
      this.sql.exec(
        `INSERT INTO counts (minute, region, metric, label, n, total) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (minute, region, metric, label) DO UPDATE SET n = n + excluded.n, total = total + excluded.total`,
        r.minute, r.region, r.metric, r.label, r.n, r.total,
      );
    }
    await this.schedulePrune();
  }

  /** True the first time `id` is claimed, false ever after (until pruned). */
  async claim(id) {
    const cursor = this.sql.exec("INSERT OR IGNORE INTO claims (id, at) VALUES (?, ?)", id, Date.now());
    await this.schedulePrune();
    return cursor.rowsWritten > 0;
  }

  /** Remembers a size-less PUT to verify once its URL has expired. */
  expect(key, expiresAt) {
    this.sql.exec("INSERT OR REPLACE INTO pending (key, expires_at) VALUES (?, ?)", key, expiresAt);
  }

  /** Up to `limit` size-less PUTs whose URLs expired before `now`, oldest first. */
  due(now, limit) {
    return this.sql.exec("SELECT key, expires_at AS expiresAt FROM pending WHERE expires_at < ? ORDER BY expires_at LIMIT ?", now, limit).toArray();
  }

  /** Forgets verified (or given up) size-less PUTs. */
  settle(keys) {
    for (const key of keys) this.sql.exec("DELETE FROM pending WHERE key = ?", key);
  }

  /** The rows of the minutes in [sinceMinute, untilMinute). */
  rows(sinceMinute, untilMinute = Number.MAX_SAFE_INTEGER) {
    return this.sql.exec("SELECT minute, region, metric, label, n, total FROM counts WHERE minute >= ? AND minute < ?", sinceMinute, untilMinute).toArray();
  }

  /** A small persistent value (alert state, last sweep). */
  getState(name) {
    const row = this.sql.exec("SELECT value FROM state WHERE name = ?", name).toArray()[0];
    return row ? JSON.parse(row.value) : null;
  }

  setState(name, value) {
    this.sql.exec("INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", name, JSON.stringify(value));
  }

  async schedulePrune() {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
  }

  async alarm() {
    this.sql.exec("DELETE FROM counts WHERE minute < ?", Math.floor(Date.now() / 60000) - RETENTION_MINUTES);
    this.sql.exec("DELETE FROM claims WHERE at < ?", Date.now() - CLAIM_RETENTION_MS);
    await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
  }
}
