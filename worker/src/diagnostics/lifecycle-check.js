// Is there a lifecycle rule that aborts incomplete multipart uploads under KEY_PREFIX? The worker's own sweep aborts
// the uploads it created; the rule is what bounds everything else (and works even when the worker is down).

import { finding } from "./finding.js";
import { fetchWithRetry, s3ErrorOf, singleAttempt } from "../s3-client.js";
import { lifecycleAbortDays, parseLifecycleConfiguration } from "../signer.js";

export async function checkLifecycle(bucket, signer, config, rc) {
  const once = singleAttempt(config);
  const res = await fetchWithRetry(() => signer.getBucketLifecycle({}), once, rc, "GetBucketLifecycleConfiguration");
  let rules = [];
  if (res.status === 200) rules = parseLifecycleConfiguration(res.text);
  else {
    const code = s3ErrorOf(res.text)?.code || `HTTP${res.status}`;
    if (code !== "NoSuchLifecycleConfiguration") {
      return [finding("info", "lifecycle-unreadable", bucket.name, `the lifecycle configuration could not be read (${code})`, "none known", { description: `allow s3:GetLifecycleConfiguration on arn:aws:s3:::${bucket.name} to the worker's key to let it check` })];
    }
  }
  const days = lifecycleAbortDays(rules, config.keyPrefix);
  if (days !== null) return [];
  const rule = { ID: "abort-incomplete-multipart-uploads", Status: "Enabled", Filter: { Prefix: config.keyPrefix }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };
  return [finding("warning", "lifecycle-abort-missing", bucket.name, `no lifecycle rule aborts incomplete multipart uploads under ${config.keyPrefix || "the bucket root"}`,
    "abandoned multipart uploads keep costing storage until aborted (the worker's sweep aborts its own; uploads of other clients are not covered)",
    {
      description: `add this rule to the bucket's lifecycle configuration (the command replaces the whole configuration: include your existing rules)${rules.length ? `; it has ${rules.length} rule(s) today` : ""}`,
      json: { Rules: [rule] },
      command: `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket.name} --lifecycle-configuration file://lifecycle.json`,
    })];
}
