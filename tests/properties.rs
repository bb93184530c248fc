//! Property tests: the encoding invariants SigV4 depends on, order independence, sensitivity of the signature to
//! every signed input, and "never panics" on arbitrary input.
#![cfg(not(target_arch = "wasm32"))] // host-only: reads files / uses proptest; tests/wasm.rs covers wasm

use proptest::prelude::*;
use s3_edge_signer::encoding::{cmp_encoded, is_canonical_path, percent_decode, uri_encode};
use s3_edge_signer::s3::response;
use s3_edge_signer::sigv4::{
    self, Payload, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};
use s3_edge_signer::{Bucket, BucketConfig, Credentials, ObjectOptions, S3Signer, Timestamp};

fn signer(region: &str) -> S3Signer {
    let credentials =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
    let bucket = Bucket::new(&BucketConfig {
        name: "prop-bucket",
        region,
        ..Default::default()
    })
    .unwrap();
    S3Signer::new(credentials, bucket)
}

fn t0() -> Timestamp {
    Timestamp::from_unix_seconds(1_700_000_000).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn uri_encoding_emits_only_unreserved_or_uppercase_escapes_and_round_trips(s in any::<String>(), keep_slash in any::<bool>()) {
        let encoded = uri_encode(&s, keep_slash);
        let bytes = encoded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                prop_assert!(i + 2 < bytes.len(), "truncated escape in {encoded}");
                let hex = &bytes[i + 1..i + 3];
                prop_assert!(hex.iter().all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h)), "escape not uppercase hex: {encoded}");
                i += 3;
            } else {
                prop_assert!(b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/'), "raw byte {b:#x} in {encoded}");
                i += 1;
            }
        }
        prop_assert_eq!(percent_decode(&encoded).unwrap(), s.as_bytes());
    }

    #[test]
    fn encoded_order_equals_order_of_the_encodings(a in any::<String>(), b in any::<String>(), prefix in "[a-z%/ ]{0,4}") {
        let (a, b) = (format!("{prefix}{a}"), format!("{prefix}{b}"));
        prop_assert_eq!(cmp_encoded(&a, &b), uri_encode(&a, false).cmp(&uri_encode(&b, false)));
        prop_assert_eq!(is_canonical_path(&uri_encode(&a, true)), true);
    }

    #[test]
    fn canonical_query_is_independent_of_parameter_order(
        params in proptest::collection::vec(("[a-zA-Z0-9 ._~+%&=é/-]{0,8}", "[a-zA-Z0-9 ._~+%&=é/-]{0,8}"), 0..8),
        seed in any::<u64>(),
    ) {
        let signer = signer("us-east-1");
        let as_refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut shuffled = as_refs.clone();
        // A deterministic shuffle from the seed (Fisher-Yates with an LCG).
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let credentials = signer.credentials();
        let params_for = |query: &[(&str, &str)]| {
            let request = SignableRequest { method: "GET", path: "/k", query, headers: &[("host", "h")], payload: Payload::Unsigned };
            let p = SigningParams { credentials, region: "us-east-1", service: "s3", time: t0(), settings: SigningSettings::S3 };
            sigv4::presign(&request, &p, 60, &mut SigningKeyCache::new())
        };
        let (a, b) = (params_for(&as_refs), params_for(&shuffled));
        // Reserved names are refused whatever the order; otherwise both orders sign identically.
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code()),
            (a, b) => prop_assert!(false, "order changed the outcome: {a:?} vs {b:?}"),
        }
    }

    #[test]
    fn changing_any_signed_input_changes_the_signature(
        key in "[a-z0-9/._ -]{1,40}",
        other in "[a-z0-9/._ -]{1,40}",
        content_type in "[a-z]{1,10}/[a-z]{1,10}",
        length in 0u64..1_000_000,
        seconds in 1u64..100_000,
    ) {
        let s = signer("eu-west-1");
        let base = ObjectOptions { content_type: Some(&content_type), content_length: Some(length), ..Default::default() };
        let sig = |signer: &S3Signer, key: &str, o: &ObjectOptions<'_>, t: Timestamp| {
            let url = signer.presign_put(key, o, t).unwrap().url;
            url.rsplit("X-Amz-Signature=").next().unwrap().to_string()
        };
        let reference = sig(&s, &key, &base, t0());
        if other != key {
            prop_assert_ne!(&reference, &sig(&s, &other, &base, t0()), "key");
        }
        prop_assert_ne!(&reference, &sig(&s, &key, &ObjectOptions { content_length: Some(length + 1), ..base.clone() }, t0()), "content-length");
        let other_type = format!("{content_type}x");
        prop_assert_ne!(&reference, &sig(&s, &key, &ObjectOptions { content_type: Some(&other_type), ..base.clone() }, t0()), "content-type");
        if seconds != 3600 {
            prop_assert_ne!(&reference, &sig(&s, &key, &ObjectOptions { expires_in: Some(seconds), ..base.clone() }, t0()), "expiry");
        }
        let later = Timestamp::from_unix_seconds(t0().unix_seconds() + seconds).unwrap();
        prop_assert_ne!(&reference, &sig(&s, &key, &base, later), "time");
        prop_assert_ne!(&reference, &sig(&signer("eu-west-2"), &key, &base, t0()), "region");
        let other_secret = S3Signer::new(
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ").unwrap(),
            s.bucket().clone(),
        );
        prop_assert_ne!(&reference, &sig(&other_secret, &key, &base, t0()), "secret");
    }

    #[test]
    fn arbitrary_input_never_panics(
        key in any::<String>(),
        bucket in any::<String>(),
        region in any::<String>(),
        endpoint in any::<String>(),
        header_name in any::<String>(),
        header_value in any::<String>(),
        query_name in any::<String>(),
        xml in any::<String>(),
        expires in any::<u64>(),
        length in any::<u64>(),
        now in any::<u64>(),
    ) {
        let _ = Bucket::new(&BucketConfig { name: &bucket, region: &region, endpoint: Some(&endpoint), ..Default::default() });
        let _ = Bucket::new(&BucketConfig { name: &bucket, region: &region, ..Default::default() });
        let s = signer("us-east-1");
        let headers = [(header_name.as_str(), header_value.as_str())];
        let query = [(query_name.as_str(), header_value.as_str())];
        let metadata = [(header_name.as_str(), header_value.as_str())];
        let options = ObjectOptions {
            expires_in: Some(expires),
            content_length: Some(length),
            content_type: Some(&header_value),
            extra_headers: &headers,
            extra_query: &query,
            metadata: &metadata,
            ..Default::default()
        };
        if let Ok(t) = Timestamp::from_unix_seconds(now) {
            let _ = s.presign_put(&key, &options, t);
            let _ = s.presign_get(&key, &ObjectOptions { extra_query: &query, ..Default::default() }, t);
            let _ = s.presign_upload_part(&key, &header_value, length, &ObjectOptions::default(), t);
            let _ = s.create_multipart_upload(&key, &ObjectOptions { extra_headers: &headers, ..Default::default() }, t);
            let _ = s.list_parts(&key, &header_value, Some(length), Some(expires), t);
        }
        let _ = Timestamp::parse_amz_date(&xml);
        let _ = response::parse_error(&xml);
        let _ = response::parse_list_parts(&xml);
        let _ = response::parse_initiate_multipart_upload(&xml);
        let _ = response::parse_complete_multipart_upload(&xml);
        let _ = response::parse_list_objects_v2(&xml);
        let _ = percent_decode(&xml);
    }
}
