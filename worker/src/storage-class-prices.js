// Indicative list prices of S3 storage classes, for GET /api/v1/storage-classes: one region (US East, N. Virginia,
// us-east-1), USD, the first 50 TB tier, as published on https://aws.amazon.com/s3/pricing/ in 2025 (the last
// figures this file was checked against). They change: a deployment that quotes them to users should check the page.
// What each class is for (minimum duration, minimum billable size, retrieval) comes from the signing core's
// storage-class catalogue; only prices, which the core does not carry, are here.

export const PRICES = {
  region: "us-east-1",
  currency: "USD",
  asOf: "2025",
  source: "https://aws.amazon.com/s3/pricing/",
  // storage: per GB-month; put: per 1 000 PUT/COPY/POST/LIST requests; retrieval: per GB retrieved (standard tier).
  classes: {
    STANDARD: { storage: 0.023, put: 0.005, retrieval: 0 },
    INTELLIGENT_TIERING: { storage: 0.023, put: 0.005, retrieval: 0, note: "frequent-access tier; infrequent 0.0125, archive instant 0.004; monitoring 0.0025 per 1 000 objects" },
    STANDARD_IA: { storage: 0.0125, put: 0.01, retrieval: 0.01 },
    ONEZONE_IA: { storage: 0.01, put: 0.01, retrieval: 0.01 },
    GLACIER_IR: { storage: 0.004, put: 0.02, retrieval: 0.03 },
    GLACIER: { storage: 0.0036, put: 0.03, retrieval: 0.01, note: "standard retrieval; bulk retrieval free" },
    DEEP_ARCHIVE: { storage: 0.00099, put: 0.05, retrieval: 0.02, note: "standard retrieval" },
    EXPRESS_ONEZONE: { storage: 0.11, put: 0.00113, retrieval: 0 },
    REDUCED_REDUNDANCY: { storage: 0.024, put: 0.005, retrieval: 0, note: "legacy: costs more than STANDARD and is less durable" },
  },
};
