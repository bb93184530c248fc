// The scheduled handler (a Cron Trigger, wrangler.toml `[triggers] crons`): the multipart and size-less-PUT sweep
// (sweep.js), then the alert evaluation (alerts/). Each runs on its own: one failing does not skip the other.

import { getConfig } from "./config.js";
import { sweep } from "./sweep.js";
import { runAlerts } from "./alerts/run.js";

export async function scheduled(env, event) {
  let config;
  try {
    config = await getConfig(env);
  } catch (err) {
    console.log(JSON.stringify({ level: "error", msg: "scheduled run skipped: the configuration is invalid", error: String(err && err.message) }));
    return { skipped: true };
  }
  const out = {};
  for (const [name, run] of [["sweep", () => sweep(env, config, event)], ["alerts", () => runAlerts(env, config)]]) {
    try {
      out[name] = await run();
    } catch (err) {
      console.log(JSON.stringify({ level: "error", msg: `scheduled ${name} failed`, error: String((err && err.stack) || err) }));
    }
  }
  console.log(JSON.stringify({ level: "info", msg: "scheduled run", cron: event.cron, alerts: out.alerts }));
  return out;
}
