//! Bucket lifecycle rules, as far as uploads need them: S3's answer to GetBucketLifecycleConfiguration summarised
//! rule by rule, whether incomplete multipart uploads under a prefix are aborted (and after how many days), and the
//! configuration document a fix writes back with PutBucketLifecycleConfiguration.
//!
//! An abandoned multipart upload keeps its parts, and costs their storage, until it is aborted; a rule with
//! `AbortIncompleteMultipartUpload` makes S3 abort it a number of days after it was initiated. Such a rule can only
//! be filtered by prefix: an upload in progress has no tags and no size yet, so rules filtered by tags or object size
//! never abort it (S3 refuses the combination).
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html>,
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html>

use super::multipart::push_element;
use super::response::{expect_root, parse_number, walk_with_open};
use super::signer::{S3Signer, SignedRequest};
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;

/// A lifecycle configuration holds at most 1000 rules.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html>
pub const MAX_LIFECYCLE_RULES: usize = 1000;

/// One lifecycle `Rule`, summarised: its prefix filter and the two actions that matter for uploads. What else a
/// rule may hold (tag or size filters, transitions, noncurrent-version actions, an expiration date) is flagged, not
/// carried, so [`lifecycle_configuration_xml`] refuses to rebuild such a rule rather than drop part of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LifecycleRule {
    /// `ID`: a name of up to 255 characters.
    pub id: Option<String>,
    /// `Status` is `Enabled`.
    pub enabled: bool,
    /// The key prefix the rule applies to: `Filter/Prefix`, `Filter/And/Prefix` or the legacy top-level `Prefix`;
    /// empty for every key.
    pub prefix: String,
    /// `AbortIncompleteMultipartUpload/DaysAfterInitiation`.
    pub abort_incomplete_multipart_upload_days: Option<u64>,
    /// `Expiration/Days`: current objects are deleted this many days after creation.
    pub expiration_days: Option<u64>,
    /// The filter names tags (`Filter/Tag` or `Filter/And/Tag`).
    pub tag_filter: bool,
    /// The filter bounds the object size (`ObjectSizeGreaterThan`, `ObjectSizeLessThan`).
    pub object_size_filter: bool,
    /// The rule has actions this summary does not carry: transitions, noncurrent-version actions, an expiration
    /// date, or the removal of expired delete markers.
    pub other_actions: bool,
}

impl LifecycleRule {
    /// The days after which this rule aborts an incomplete multipart upload of *every* key under `prefix`: it is
    /// enabled, has the action, filters by prefix alone, and its prefix starts `prefix`.
    pub fn aborts_uploads_under(&self, prefix: &str) -> Option<u64> {
        let applies = self.enabled
            && !self.tag_filter
            && !self.object_size_filter
            && prefix.starts_with(self.prefix.as_str());
        self.abort_incomplete_multipart_upload_days
            .filter(|_| applies)
    }
}

/// Is there an enabled rule that aborts incomplete multipart uploads of every key under `prefix`, and after how many
/// days? With several, the fewest days: the first rule to fire aborts the upload.
pub fn lifecycle_abort_days(rules: &[LifecycleRule], prefix: &str) -> Option<u64> {
    rules
        .iter()
        .filter_map(|rule| rule.aborts_uploads_under(prefix))
        .min()
}

/// Parses a GetBucketLifecycleConfiguration answer (`<LifecycleConfiguration>`). A bucket without rules answers 404
/// `NoSuchLifecycleConfiguration`, an error document for [`parse_error`](super::response::parse_error).
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html>
pub fn parse_lifecycle_configuration(xml: &str) -> Result<Vec<LifecycleRule>> {
    expect_root(xml, "LifecycleConfiguration")?;
    // The rules, and for each whether it had a Status.
    let state = core::cell::RefCell::new((Vec::<LifecycleRule>::new(), Vec::<bool>::new()));
    let mut failure = None;
    walk_with_open(
        xml,
        |path| {
            let (rules, has_status) = &mut *state.borrow_mut();
            match path {
                [_, "Rule"] => {
                    rules.push(LifecycleRule::default());
                    has_status.push(false);
                }
                [_, "Rule", rest @ ..] => {
                    let Some(rule) = rules.last_mut() else { return };
                    match rest {
                        ["Filter", "Tag"] | ["Filter", "And", "Tag"] => rule.tag_filter = true,
                        ["Filter", "ObjectSizeGreaterThan" | "ObjectSizeLessThan"]
                        | ["Filter", "And", "ObjectSizeGreaterThan" | "ObjectSizeLessThan"] => {
                            rule.object_size_filter = true
                        }
                        ["Transition"
                        | "NoncurrentVersionTransition"
                        | "NoncurrentVersionExpiration"]
                        | ["Expiration", "Date" | "ExpiredObjectDeleteMarker"] => {
                            rule.other_actions = true
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        },
        |path, text| {
            let (rules, has_status) = &mut *state.borrow_mut();
            let ([_, "Rule", field @ ..], Some(rule), Some(status)) =
                (path, rules.last_mut(), has_status.last_mut())
            else {
                return;
            };
            let mut number = |rule_text| match parse_number(&text, rule_text) {
                Ok(n) => Some(n),
                Err(e) => {
                    failure.get_or_insert(e);
                    None
                }
            };
            match field {
                ["ID"] => rule.id = Some(text.clone()),
                ["Status"] => {
                    *status = true;
                    match text.trim() {
                        "Enabled" => rule.enabled = true,
                        "Disabled" => rule.enabled = false,
                        _ => {
                            failure.get_or_insert(Error::MalformedResponse {
                                rule: "Rule/Status is Enabled or Disabled",
                            });
                        }
                    }
                }
                ["Prefix"] | ["Filter", "Prefix"] | ["Filter", "And", "Prefix"] => {
                    rule.prefix = text.clone()
                }
                ["AbortIncompleteMultipartUpload", "DaysAfterInitiation"] => {
                    rule.abort_incomplete_multipart_upload_days =
                        number("AbortIncompleteMultipartUpload/DaysAfterInitiation is not a number")
                }
                ["Expiration", "Days"] => {
                    rule.expiration_days = number("Expiration/Days is not a number")
                }
                _ => {}
            }
        },
    )?;
    if let Some(e) = failure {
        return Err(e);
    }
    let (rules, has_status) = state.into_inner();
    if has_status.iter().any(|s| !s) {
        return Err(Error::MalformedResponse {
            rule: "every lifecycle Rule has a Status",
        });
    }
    Ok(rules)
}

/// The `<LifecycleConfiguration>` document for PutBucketLifecycleConfiguration, checked against S3's rules first: 1
/// to 1000 rules with unique IDs of at most 255 characters, each with an action (abort incomplete multipart uploads
/// and/or expire objects, after at least one day) and a prefix of at most 1024 bytes. PutBucketLifecycleConfiguration
/// **replaces** the bucket's whole configuration, so pass every rule to keep; a rule flagged with tag or size
/// filters or other actions cannot be rebuilt from its summary and is refused. S3 requires a `Content-MD5` (or an
/// `x-amz-checksum-*`) header with it.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html>
pub fn lifecycle_configuration_xml(rules: &[LifecycleRule]) -> Result<String> {
    let fail = |rule| Err(Error::InvalidLifecycleConfiguration { rule });
    if rules.is_empty() {
        return fail("a configuration needs at least one Rule (to remove every rule, send DeleteBucketLifecycle)");
    }
    if rules.len() > MAX_LIFECYCLE_RULES {
        return fail("a configuration holds at most 1000 rules");
    }
    let mut xml = String::with_capacity(96 + rules.len() * 256);
    xml.push_str("<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for (index, rule) in rules.iter().enumerate() {
        if rule.tag_filter || rule.object_size_filter || rule.other_actions {
            return fail(
                "a rule filtered by tags or object size, or with transitions, noncurrent-version actions, an \
                 expiration date or delete-marker removal, cannot be rebuilt from its summary; the configuration \
                 replaces the bucket's whole one, so write that rule's XML yourself",
            );
        }
        if let Some(id) = &rule.id {
            if id.is_empty() || id.chars().count() > 255 {
                return fail("a rule ID is 1 to 255 characters");
            }
            if rules[..index].iter().any(|r| r.id.as_ref() == Some(id)) {
                return fail("rule IDs are unique");
            }
        }
        if rule.prefix.len() > 1024 {
            return fail("a prefix is at most 1024 bytes, like a key");
        }
        if rule
            .id
            .iter()
            .chain([&rule.prefix])
            .any(|t| t.chars().any(char::is_control))
        {
            return fail("rule IDs and prefixes may not contain control characters");
        }
        let days = [
            rule.abort_incomplete_multipart_upload_days,
            rule.expiration_days,
        ];
        if days.iter().all(Option::is_none) {
            return fail(
                "every rule needs an action: abort incomplete multipart uploads or expire objects",
            );
        }
        if days.contains(&Some(0)) {
            return fail("lifecycle days are whole numbers from 1");
        }
        xml.push_str("<Rule>");
        if let Some(id) = &rule.id {
            push_element(&mut xml, "ID", id);
        }
        xml.push_str("<Filter>");
        push_element(&mut xml, "Prefix", &rule.prefix);
        xml.push_str("</Filter>");
        push_element(
            &mut xml,
            "Status",
            if rule.enabled { "Enabled" } else { "Disabled" },
        );
        if let Some(days) = rule.expiration_days {
            xml.push_str("<Expiration>");
            push_element(&mut xml, "Days", itoa_buf(days).as_str());
            xml.push_str("</Expiration>");
        }
        if let Some(days) = rule.abort_incomplete_multipart_upload_days {
            xml.push_str("<AbortIncompleteMultipartUpload>");
            push_element(&mut xml, "DaysAfterInitiation", itoa_buf(days).as_str());
            xml.push_str("</AbortIncompleteMultipartUpload>");
        }
        xml.push_str("</Rule>");
    }
    xml.push_str("</LifecycleConfiguration>");
    Ok(xml)
}

impl S3Signer {
    /// GetBucketLifecycleConfiguration: `GET /?lifecycle`, header-signed. The answer is parsed with
    /// [`parse_lifecycle_configuration`]; a bucket without rules answers 404 `NoSuchLifecycleConfiguration`.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html>
    pub fn get_bucket_lifecycle(&self, now: Timestamp) -> Result<SignedRequest> {
        self.sign_bucket_request("GET", &[("lifecycle", "")], now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// After the S3 User Guide's rule that aborts incomplete multipart uploads 7 days after initiation
    /// (mpu-abort-incomplete-mpu-lifecycle-config.html), with its status enabled.
    const DOC_ABORT_RULE: &str = r#"<LifecycleConfiguration>
    <Rule>
        <ID>sample-rule</ID>
        <Filter>
           <Prefix>SomeKeyPrefix/</Prefix>
        </Filter>
        <Status>Enabled</Status>
        <AbortIncompleteMultipartUpload>
          <DaysAfterInitiation>7</DaysAfterInitiation>
        </AbortIncompleteMultipartUpload>
    </Rule>
</LifecycleConfiguration>"#;

    /// After the API Reference's GetBucketLifecycleConfiguration sample answer (a legacy top-level Prefix, two
    /// transitions and an expiration), and the User Guide's filter examples: tag and size filters, an empty filter
    /// for every key, a disabled rule.
    const MIXED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Rule>
    <ID>Archive and then delete rule</ID>
    <Prefix>projectdocs/</Prefix>
    <Status>Enabled</Status>
    <Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>
    <Transition><Days>365</Days><StorageClass>GLACIER</StorageClass></Transition>
    <Expiration><Days>3650</Days></Expiration>
  </Rule>
  <Rule>
    <ID>tagged</ID>
    <Filter><And><Prefix>tax/</Prefix><Tag><Key>key1</Key><Value>value1</Value></Tag></And></Filter>
    <Status>Enabled</Status>
    <Expiration><Days>365</Days></Expiration>
  </Rule>
  <Rule>
    <ID>sized</ID>
    <Filter><ObjectSizeGreaterThan>500</ObjectSizeGreaterThan></Filter>
    <Status>Enabled</Status>
    <Expiration><Days>30</Days></Expiration>
  </Rule>
  <Rule>
    <Filter></Filter>
    <Status>Disabled</Status>
    <AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>
  </Rule>
  <Rule>
    <ID>everything</ID>
    <Filter/>
    <Status>Enabled</Status>
    <AbortIncompleteMultipartUpload><DaysAfterInitiation>30</DaysAfterInitiation></AbortIncompleteMultipartUpload>
  </Rule>
</LifecycleConfiguration>"#;

    #[test]
    fn parses_the_documented_abort_rule() {
        let rules = parse_lifecycle_configuration(DOC_ABORT_RULE).unwrap();
        assert_eq!(
            rules,
            vec![LifecycleRule {
                id: Some("sample-rule".into()),
                enabled: true,
                prefix: "SomeKeyPrefix/".into(),
                abort_incomplete_multipart_upload_days: Some(7),
                ..Default::default()
            }]
        );
        assert_eq!(lifecycle_abort_days(&rules, "SomeKeyPrefix/"), Some(7));
        assert_eq!(lifecycle_abort_days(&rules, "SomeKeyPrefix/2026/"), Some(7));
        assert_eq!(
            lifecycle_abort_days(&rules, "SomeKey"),
            None,
            "a narrower rule does not cover the whole prefix"
        );
        assert_eq!(lifecycle_abort_days(&rules, "other/"), None);
    }

    #[test]
    fn summarises_filters_and_actions() {
        let rules = parse_lifecycle_configuration(MIXED).unwrap();
        type Summary<'a> = (
            Option<&'a str>,
            bool,
            &'a str,
            Option<u64>,
            Option<u64>,
            bool,
            bool,
            bool,
        );
        let summary: Vec<Summary<'_>> = rules
            .iter()
            .map(|r| {
                (
                    r.id.as_deref(),
                    r.enabled,
                    r.prefix.as_str(),
                    r.abort_incomplete_multipart_upload_days,
                    r.expiration_days,
                    r.tag_filter,
                    r.object_size_filter,
                    r.other_actions,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Some("Archive and then delete rule"),
                    true,
                    "projectdocs/",
                    None,
                    Some(3650),
                    false,
                    false,
                    true
                ),
                (
                    Some("tagged"),
                    true,
                    "tax/",
                    None,
                    Some(365),
                    true,
                    false,
                    false
                ),
                (Some("sized"), true, "", None, Some(30), false, true, false),
                (None, false, "", Some(1), None, false, false, false),
                (
                    Some("everything"),
                    true,
                    "",
                    Some(30),
                    None,
                    false,
                    false,
                    false
                ),
            ]
        );
        // The disabled 1-day rule does not count; the enabled one for every key does.
        assert_eq!(lifecycle_abort_days(&rules, "uploads/"), Some(30));
        assert_eq!(lifecycle_abort_days(&rules, ""), Some(30));
    }

    #[test]
    fn tag_and_size_filtered_rules_never_abort_uploads_and_the_fewest_days_win() {
        let rule = |prefix: &str, days: u64| LifecycleRule {
            enabled: true,
            prefix: prefix.into(),
            abort_incomplete_multipart_upload_days: Some(days),
            ..Default::default()
        };
        let rules = [
            LifecycleRule {
                tag_filter: true,
                ..rule("uploads/", 1)
            },
            LifecycleRule {
                object_size_filter: true,
                ..rule("", 1)
            },
            rule("uploads/", 7),
            rule("up", 3),
            rule("uploads/2026/", 2),
        ];
        assert_eq!(lifecycle_abort_days(&rules, "uploads/"), Some(3));
        assert_eq!(lifecycle_abort_days(&rules, "uploads/2026/12/"), Some(2));
        assert_eq!(lifecycle_abort_days(&rules, "photos/"), None);
        assert_eq!(lifecycle_abort_days(&[], "uploads/"), None);
    }

    #[test]
    fn builds_what_it_parses_and_refuses_what_it_cannot_rebuild() {
        let rules = parse_lifecycle_configuration(DOC_ABORT_RULE).unwrap();
        let xml = lifecycle_configuration_xml(&rules).unwrap();
        assert_eq!(
            xml,
            "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ID>sample-rule</ID>\
             <Filter><Prefix>SomeKeyPrefix/</Prefix></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload>\
             <DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>"
        );
        assert_eq!(parse_lifecycle_configuration(&xml).unwrap(), rules);
        let both = LifecycleRule {
            id: Some("a&b".into()),
            enabled: false,
            prefix: "<uploads>/".into(),
            abort_incomplete_multipart_upload_days: Some(1),
            expiration_days: Some(30),
            ..Default::default()
        };
        let xml = lifecycle_configuration_xml(core::slice::from_ref(&both)).unwrap();
        assert!(xml.contains("<ID>a&amp;b</ID><Filter><Prefix>&lt;uploads&gt;/</Prefix></Filter><Status>Disabled</Status><Expiration><Days>30</Days></Expiration>"));
        assert_eq!(
            parse_lifecycle_configuration(&xml).unwrap(),
            core::slice::from_ref(&both)
        );

        let mixed = parse_lifecycle_configuration(MIXED).unwrap();
        for flagged in &mixed[..3] {
            assert_eq!(
                lifecycle_configuration_xml(core::slice::from_ref(flagged))
                    .unwrap_err()
                    .code(),
                "InvalidLifecycleConfiguration"
            );
        }
        let bad = |change: &dyn Fn(&mut LifecycleRule)| {
            let mut rule = both.clone();
            change(&mut rule);
            lifecycle_configuration_xml(&[rule]).unwrap_err().code()
        };
        for code in [
            bad(&|r| {
                r.abort_incomplete_multipart_upload_days = None;
                r.expiration_days = None
            }),
            bad(&|r| r.expiration_days = Some(0)),
            bad(&|r| r.abort_incomplete_multipart_upload_days = Some(0)),
            bad(&|r| r.id = Some(String::new())),
            bad(&|r| r.id = Some("x".repeat(256))),
            bad(&|r| r.prefix = "p".repeat(1025)),
            bad(&|r| r.prefix = "a\u{1}b".into()),
        ] {
            assert_eq!(code, "InvalidLifecycleConfiguration");
        }
        assert!(lifecycle_configuration_xml(&[]).is_err());
        assert!(
            lifecycle_configuration_xml(&[both.clone(), both.clone()]).is_err(),
            "duplicate IDs"
        );
        let unnamed = LifecycleRule { id: None, ..both };
        assert!(lifecycle_configuration_xml(&vec![unnamed.clone(); 1000]).is_ok());
        assert!(lifecycle_configuration_xml(&vec![unnamed; 1001]).is_err());
    }

    #[test]
    fn refuses_malformed_answers_with_a_typed_error() {
        for bad in [
            "",
            "<LifecycleConfiguration><Rule>",
            "<LifecycleConfiguration><Rule><ID>x</ID></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Status>On</Status></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>a week</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>-1</Days></Expiration></Rule></LifecycleConfiguration>",
            "<Error><Code>NoSuchLifecycleConfiguration</Code><Message>m</Message></Error>",
            "<CORSConfiguration/>",
        ] {
            assert_eq!(
                parse_lifecycle_configuration(bad).unwrap_err().code(),
                "MalformedResponse",
                "{bad}"
            );
        }
        assert_eq!(
            parse_lifecycle_configuration("<LifecycleConfiguration/>").unwrap(),
            vec![]
        );
    }
}
