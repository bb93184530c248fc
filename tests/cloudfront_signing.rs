//! The optional in-process signer (`cargo test --features cloudfront-signing`): the test-only keys of
//! `tests/vectors/cloudfront/` sign URLs byte-identical to botocore's (RSA-SHA1), and every algorithm's signature
//! verifies with the public key over the exact policy bytes and fails once any byte changes.
#![cfg(all(feature = "cloudfront-signing", not(target_arch = "wasm32")))]

use p256::pkcs8::DecodePublicKey as _;
use rsa::signature::Verifier as _;
use s3_edge_signer::cloudfront::{
    url_safe_base64, CookieAttributes, PreparedSignedCookies, PreparedSignedUrl, PrivateKey,
    SignatureAlgorithm, SignedCookiesOptions, SignedUrlOptions,
};
use s3_edge_signer::Timestamp;
use serde_json::Value;

fn vector(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/vectors/cloudfront/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn at(seconds: u64) -> Timestamp {
    Timestamp::from_unix_seconds(seconds).unwrap()
}

/// Does the signature of `algorithm` verify over `message` with the test public key?
fn verifies(algorithm: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> bool {
    match algorithm {
        SignatureAlgorithm::EcdsaP256Sha256 => {
            let key =
                p256::ecdsa::VerifyingKey::from_public_key_pem(&vector("test-ec-p256.public.pem"))
                    .unwrap();
            let Ok(signature) = p256::ecdsa::DerSignature::try_from(signature) else {
                return false;
            };
            key.verify(message, &signature).is_ok()
        }
        rsa_algorithm => {
            let key =
                rsa::PublicKey::from_public_key_pem(&vector("test-rsa-2048.public.pem")).unwrap();
            let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                return false;
            };
            if rsa_algorithm == SignatureAlgorithm::RsaSha1 {
                rsa::pkcs1v15::VerifyingKey::<sha1::Sha1>::new(key)
                    .verify(message, &signature)
                    .is_ok()
            } else {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key)
                    .verify(message, &signature)
                    .is_ok()
            }
        }
    }
}

#[test]
fn signs_urls_byte_identical_to_botocore() {
    let doc: Value = serde_json::from_str(&vector("signed-urls.json")).unwrap();
    let pkcs8 = PrivateKey::from_pem(&vector("test-rsa-2048.pkcs8.pem")).unwrap();
    let pkcs1 = PrivateKey::from_pem(&vector("test-rsa-2048.pkcs1.pem")).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let prepared = PreparedSignedUrl::new(
            &SignedUrlOptions {
                url: case["url"].as_str().unwrap(),
                key_pair_id: case["keyPairId"].as_str().unwrap(),
                algorithm: SignatureAlgorithm::RsaSha1,
                date_less_than: at(case["dateLessThan"].as_u64().unwrap()),
                date_greater_than: None,
                source_ip: None,
                resource: case["resource"].as_str(),
            },
            at(1_767_225_600),
        )
        .unwrap();
        let expected = case["expected"].as_str().unwrap();
        assert_eq!(
            pkcs8.sign_url(&prepared).unwrap(),
            expected,
            "{}",
            case["name"]
        );
        assert_eq!(
            pkcs1.sign_url(&prepared).unwrap(),
            expected,
            "{}",
            case["name"]
        );
    }
}

#[test]
fn every_algorithm_verifies_over_the_policy_and_nothing_else() {
    let rsa = PrivateKey::from_pem(&vector("test-rsa-2048.pkcs1.pem")).unwrap();
    let ec_sec1 = PrivateKey::from_pem(&vector("test-ec-p256.sec1.pem")).unwrap();
    let ec_pkcs8 = PrivateKey::from_pem(&vector("test-ec-p256.pkcs8.pem")).unwrap();
    assert_eq!(
        (rsa.key_algorithm(), ec_sec1.key_algorithm()),
        ("RSA", "ECDSA")
    );
    for (key, algorithm) in [
        (&rsa, SignatureAlgorithm::RsaSha1),
        (&rsa, SignatureAlgorithm::RsaSha256),
        (&ec_sec1, SignatureAlgorithm::EcdsaP256Sha256),
        (&ec_pkcs8, SignatureAlgorithm::EcdsaP256Sha256),
    ] {
        let prepared = PreparedSignedUrl::new(
            &SignedUrlOptions {
                url: "https://d111111abcdef8.cloudfront.net/videos/intro.mp4?quality=hd",
                key_pair_id: "K2JCJMDEHXQW5F",
                algorithm,
                date_less_than: at(1_796_198_400),
                date_greater_than: Some(at(1_767_225_600)),
                source_ip: Some("192.0.2.0/24"),
                resource: Some("https://d111111abcdef8.cloudfront.net/videos/*"),
            },
            at(1_767_225_600),
        )
        .unwrap();
        let url = key.sign_url(&prepared).unwrap();
        // The signature and policy the URL carries verify; any changed byte of the policy does not.
        let parameter = |name: &str| {
            url.split(['?', '&'])
                .find_map(|p| p.strip_prefix(name))
                .and_then(url_safe_base64::decode)
                .unwrap()
        };
        let (policy, signature) = (parameter("Policy="), parameter("Signature="));
        assert_eq!(policy, prepared.to_sign());
        assert!(verifies(algorithm, &policy, &signature), "{algorithm:?}");
        for at in [0, policy.len() / 2, policy.len() - 1] {
            let mut tampered = policy.clone();
            tampered[at] ^= 0x01;
            assert!(
                !verifies(algorithm, &tampered, &signature),
                "{algorithm:?} byte {at}"
            );
        }
        assert_eq!(
            url.ends_with("&Hash-Algorithm=SHA256"),
            algorithm != SignatureAlgorithm::RsaSha1
        );

        let cookies = key
            .sign_cookies(
                &PreparedSignedCookies::new(
                    &SignedCookiesOptions {
                        resource: "https://d111111abcdef8.cloudfront.net/videos/*",
                        key_pair_id: "K2JCJMDEHXQW5F",
                        algorithm,
                        date_less_than: at(1_796_198_400),
                        date_greater_than: None,
                        source_ip: None,
                        attributes: CookieAttributes::default(),
                    },
                    at(1_767_225_600),
                )
                .unwrap(),
            )
            .unwrap();
        let value = |name: &str| {
            cookies
                .cookies
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| url_safe_base64::decode(v).unwrap())
                .unwrap()
        };
        assert!(verifies(
            algorithm,
            &value("CloudFront-Policy"),
            &value("CloudFront-Signature")
        ));
    }
}

#[test]
fn refuses_unusable_keys_and_mismatched_algorithms() {
    let code = |pem: &str| PrivateKey::from_pem(pem).unwrap_err().code();
    assert_eq!(code(""), "InvalidPrivateKey");
    assert_eq!(
        code(&vector("test-rsa-2048.public.pem")),
        "InvalidPrivateKey"
    );
    assert_eq!(
        code("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"),
        "InvalidPrivateKey"
    );
    let rsa_as_ec = vector("test-rsa-2048.pkcs1.pem").replace("RSA PRIVATE", "EC PRIVATE");
    assert_eq!(code(&rsa_as_ec), "InvalidPrivateKey");
    let ec = PrivateKey::from_pem(&vector("test-ec-p256.sec1.pem")).unwrap();
    assert_eq!(
        ec.sign(SignatureAlgorithm::RsaSha256, b"x")
            .unwrap_err()
            .code(),
        "InvalidSignatureAlgorithm"
    );
    assert!(!format!("{ec:?}").contains("BEGIN"));
}
