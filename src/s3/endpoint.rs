//! Where requests for a bucket go: the host, the addressing style and the signing region.
//!
//! - Virtual-hosted style (`bucket.s3.region.amazonaws.com/key`) is AWS's default; path style
//!   (`s3.region.amazonaws.com/bucket/key`) is what most S3-compatible stores expect.
//! - A bucket name with dots cannot use virtual-hosted style over HTTPS: the certificate `*.s3.region.amazonaws.com`
//!   does not match `a.b.s3…`. `Addressing::Auto` therefore picks path style for dotted names.
//!   <https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html>
//! - Requests always go to the *regional* endpoint: the legacy global `s3.amazonaws.com` redirects other regions'
//!   buckets with a 307 that browsers follow without the signature matching, the usual cause of "CORS errors".

use super::backend::Backend;
use super::region::{self, Partition};
use crate::encoding::uri_encode_into;
use crate::error::{Error, Result};
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// How the bucket appears in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Addressing {
    /// Virtual-hosted on AWS unless the name has dots; path style on custom endpoints.
    #[default]
    Auto,
    /// `bucket.host/key`.
    VirtualHosted,
    /// `host/bucket/key`.
    Path,
}

impl Addressing {
    /// Parses `auto`, `virtual` (or `virtual-hosted`) and `path`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "auto" => Ok(Addressing::Auto),
            "virtual" | "virtual-hosted" | "vhost" => Ok(Addressing::VirtualHosted),
            "path" => Ok(Addressing::Path),
            _ => Err(Error::InvalidEndpoint {
                rule: "addressing must be auto, virtual or path",
            }),
        }
    }
}

/// What describes a bucket; [`Bucket::new`] checks it once so that signing cannot fail on it later.
#[derive(Debug, Clone, Default)]
pub struct BucketConfig<'a> {
    /// The bucket name.
    pub name: &'a str,
    /// The region the bucket lives in (`auto` for R2).
    pub region: &'a str,
    /// A custom endpoint such as `http://127.0.0.1:3900` or `https://<account>.r2.cloudflarestorage.com`; `None`
    /// for Amazon S3.
    pub endpoint: Option<&'a str>,
    /// The addressing style.
    pub addressing: Addressing,
    /// IPv4+IPv6 endpoint (`s3.dualstack.region.amazonaws.com`).
    pub dualstack: bool,
    /// Transfer Acceleration (`bucket.s3-accelerate.amazonaws.com`).
    pub accelerate: bool,
    /// FIPS 140 endpoint (`s3-fips.region.amazonaws.com`).
    pub fips: bool,
    /// The backend profile; by default `aws` without an endpoint, `r2` for `*.r2.cloudflarestorage.com`, else
    /// `generic`.
    pub backend: Option<Backend>,
}

/// A checked bucket: its URL parts and signing region are fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    name: String,
    region: String,
    scheme: &'static str,
    host: String,
    path_style: bool,
    backend: Backend,
}

impl Bucket {
    /// Checks a configuration and fixes the URL parts.
    pub fn new(config: &BucketConfig<'_>) -> Result<Self> {
        let backend = config.backend.unwrap_or(match config.endpoint {
            None => Backend::Aws,
            Some(e) if host_of(e).is_some_and(|h| h.ends_with(".r2.cloudflarestorage.com")) => {
                Backend::R2
            }
            Some(_) => Backend::Generic,
        });
        let region = match (config.region, backend) {
            ("", Backend::R2) => "auto",
            (r, _) => r,
        };
        crate::sigv4::check_scope_part(region)?;
        check_bucket_name(config.name, backend)?;
        let dotted = config.name.contains('.');
        let (scheme, host, path_style) = match config.endpoint {
            None => {
                // A typo such as `eu-centrl-1` would otherwise sign URLs for a host that does not exist. A region newer
                // than this table is reached by giving its endpoint (`https://s3.<region>.amazonaws.com`, backend aws).
                let Some(known) = region::lookup(region) else {
                    return Err(Error::InvalidRegion {
                        region: region.into(),
                        rule: "not a known AWS region such as eu-west-1; for a region newer than this release, set the endpoint https://s3.<region>.amazonaws.com with backend aws",
                    });
                };
                let partition = known.partition;
                if config.accelerate {
                    if config.fips {
                        return Err(Error::InvalidEndpoint {
                            rule: "Transfer Acceleration has no FIPS endpoint",
                        });
                    }
                    if partition != Partition::Aws {
                        return Err(Error::InvalidEndpoint {
                            rule: "Transfer Acceleration exists only in the aws partition",
                        });
                    }
                    if dotted || config.addressing == Addressing::Path {
                        return Err(Error::InvalidEndpoint {
                            rule: "Transfer Acceleration needs virtual-hosted style and a bucket name without dots",
                        });
                    }
                    let suffix = if config.dualstack {
                        "s3-accelerate.dualstack.amazonaws.com"
                    } else {
                        "s3-accelerate.amazonaws.com"
                    };
                    ("https", join_host(config.name, suffix), false)
                } else {
                    if config.fips && !region::has_fips_endpoint(region) {
                        return Err(Error::InvalidEndpoint {
                            rule: "this region has no FIPS S3 endpoint",
                        });
                    }
                    let mut host = String::from(if config.fips { "s3-fips." } else { "s3." });
                    if config.dualstack {
                        host.push_str("dualstack.");
                    }
                    host.push_str(region);
                    host.push('.');
                    host.push_str(partition.dns_suffix());
                    let path_style = match config.addressing {
                        Addressing::Auto => dotted,
                        Addressing::Path => true,
                        Addressing::VirtualHosted if dotted => {
                            return Err(Error::InvalidEndpoint {
                                rule: "a bucket name with dots cannot be virtual-hosted over HTTPS (the certificate does not match); use path or auto addressing",
                            })
                        }
                        Addressing::VirtualHosted => false,
                    };
                    let host = if path_style {
                        host
                    } else {
                        join_host(config.name, &host)
                    };
                    ("https", host, path_style)
                }
            }
            Some(endpoint) => {
                if config.accelerate || config.fips || config.dualstack {
                    return Err(Error::InvalidEndpoint {
                        rule: "dualstack, accelerate and FIPS apply to Amazon S3 endpoints, not to a custom endpoint",
                    });
                }
                let (scheme, authority) = parse_endpoint(endpoint)?;
                let path_style = config.addressing != Addressing::VirtualHosted;
                let host = if path_style {
                    authority
                } else {
                    join_host(config.name, &authority)
                };
                (scheme, host, path_style)
            }
        };
        Ok(Bucket {
            name: config.name.into(),
            region: region.into(),
            scheme,
            host,
            path_style,
            backend,
        })
    }

    /// The bucket name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signing region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The `Host` header: host name, plus the port when it is not the scheme's default.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Is the bucket in the path rather than the host?
    pub fn is_path_style(&self) -> bool {
        self.path_style
    }

    /// The backend profile.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL path of an object: `/key` or `/bucket/key`, the key `UriEncode`d once with `/` kept. `//`, `.` and
    /// `..` segments are kept as they are: S3 keys are not file paths and are never normalised.
    pub fn object_path(&self, key: &str) -> String {
        let mut path = String::with_capacity(key.len() * 3 / 2 + self.name.len() + 2);
        path.push('/');
        if self.path_style {
            path.push_str(&self.name);
            path.push('/');
        }
        uri_encode_into(&mut path, key, true);
        path
    }

    /// The URL path of the bucket itself (`/` or `/bucket`).
    pub fn bucket_path(&self) -> String {
        if self.path_style {
            let mut path = String::with_capacity(self.name.len() + 1);
            path.push('/');
            path.push_str(&self.name);
            path
        } else {
            "/".to_string()
        }
    }

    /// `scheme://host`.
    pub fn origin(&self) -> String {
        let mut out = String::with_capacity(self.scheme.len() + 3 + self.host.len());
        out.push_str(self.scheme);
        out.push_str("://");
        out.push_str(&self.host);
        out
    }

    /// The unsigned URL of an object (for public buckets or links behind a CDN).
    pub fn object_url(&self, key: &str) -> String {
        let mut url = self.origin();
        url.push_str(&self.object_path(key));
        url
    }
}

fn join_host(bucket: &str, host: &str) -> String {
    let mut out = String::with_capacity(bucket.len() + 1 + host.len());
    out.push_str(bucket);
    out.push('.');
    out.push_str(host);
    out
}

fn host_of(endpoint: &str) -> Option<String> {
    parse_endpoint(endpoint)
        .ok()
        .map(|(_, authority)| authority.split(':').next().unwrap_or("").to_string())
}

/// Parses `scheme://host[:port][/]` into the scheme and the `Host` header value (default ports dropped: a signed
/// `Host: example.com:443` would not match what a client sends).
fn parse_endpoint(endpoint: &str) -> Result<(&'static str, String)> {
    let (scheme, rest) = if let Some(rest) = endpoint.strip_prefix("https://") {
        ("https", rest)
    } else if let Some(rest) = endpoint.strip_prefix("http://") {
        ("http", rest)
    } else {
        return Err(Error::InvalidEndpoint {
            rule: "a custom endpoint must start with http:// or https://",
        });
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
        return Err(Error::InvalidEndpoint {
            rule: "a custom endpoint is scheme://host[:port] with no path, query, fragment or user info",
        });
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']').ok_or(Error::InvalidEndpoint {
            rule: "an IPv6 host needs a closing ']'",
        })?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(Error::InvalidEndpoint {
                rule: "not an IPv6 address",
            });
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(Error::InvalidEndpoint {
                rule: "expected ':' and a port after ']'",
            })?),
        };
        (&authority[..inside.len() + 2], port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let labels_ok = host.split('.').all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        if !labels_ok {
            return Err(Error::InvalidEndpoint {
                rule: "the endpoint host must be a DNS name or an IP address",
            });
        }
        (host, port)
    };
    let mut out = host.to_ascii_lowercase();
    if let Some(port) = port {
        let number: u16 = port
            .parse()
            .ok()
            .filter(|p| *p > 0 && !port.starts_with('0'))
            .ok_or(Error::InvalidEndpoint {
                rule: "the port must be a number from 1 to 65535",
            })?;
        let default = if scheme == "https" { 443 } else { 80 };
        if number != default {
            out.push(':');
            out.push_str(port);
        }
    }
    Ok((scheme, out))
}

/// S3 bucket naming rules for general purpose buckets.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
pub fn check_bucket_name(name: &str, backend: Backend) -> Result<()> {
    let fail = |rule| {
        Err(Error::InvalidBucketName {
            name: name.into(),
            rule,
        })
    };
    if !(3..=63).contains(&name.len()) {
        return fail("bucket names are 3 to 63 characters long");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return fail("bucket names use only lowercase letters, digits, dots and hyphens");
    }
    let bytes = name.as_bytes();
    if !bytes[0].is_ascii_alphanumeric() || !bytes[bytes.len() - 1].is_ascii_alphanumeric() {
        return fail("bucket names begin and end with a letter or digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return fail(
            "bucket names may not contain two adjacent periods or a period next to a hyphen",
        );
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() == 4
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
    {
        return fail("bucket names may not look like an IP address");
    }
    if backend == Backend::R2 && name.contains('.') {
        return fail("R2 bucket names use only lowercase letters, digits and hyphens");
    }
    if backend == Backend::Aws {
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
            if name.starts_with(prefix) {
                return fail("bucket names may not start with the reserved prefixes xn--, sthree- or amzn-s3-demo-");
            }
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
            if name.ends_with(suffix) {
                return fail("bucket names may not end with the reserved suffixes -s3alias, --ol-s3, .mrap, --x-s3 (directory buckets) or --table-s3");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(config: BucketConfig<'_>) -> Result<Bucket> {
        Bucket::new(&config)
    }

    #[test]
    fn builds_regional_aws_hosts() {
        let b = bucket(BucketConfig {
            name: "my-bucket",
            region: "eu-west-1",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "my-bucket.s3.eu-west-1.amazonaws.com");
        assert_eq!(b.object_path("a b/c+d"), "/a%20b/c%2Bd");
        let b = bucket(BucketConfig {
            name: "my.bucket",
            region: "eu-west-1",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            (b.host(), b.object_path("k")),
            ("s3.eu-west-1.amazonaws.com", "/my.bucket/k".into())
        );
        let b = bucket(BucketConfig {
            name: "b-1",
            region: "cn-north-1",
            dualstack: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "b-1.s3.dualstack.cn-north-1.amazonaws.com.cn");
        let b = bucket(BucketConfig {
            name: "b-1",
            region: "us-gov-west-1",
            fips: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "b-1.s3-fips.us-gov-west-1.amazonaws.com");
        let b = bucket(BucketConfig {
            name: "b-1",
            region: "us-east-1",
            accelerate: true,
            dualstack: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "b-1.s3-accelerate.dualstack.amazonaws.com");
        assert_eq!(b.region(), "us-east-1");
        // The AWS European Sovereign Cloud: its own DNS suffix (hosts as botocore 1.43's S3 endpoint rules build
        // them), no Transfer Acceleration, no FIPS endpoint.
        let eusc = |dualstack, accelerate, fips| {
            bucket(BucketConfig {
                name: "b-1",
                region: "eusc-de-east-1",
                dualstack,
                accelerate,
                fips,
                ..Default::default()
            })
        };
        assert_eq!(
            eusc(false, false, false).unwrap().host(),
            "b-1.s3.eusc-de-east-1.amazonaws.eu"
        );
        assert_eq!(
            eusc(true, false, false).unwrap().host(),
            "b-1.s3.dualstack.eusc-de-east-1.amazonaws.eu"
        );
        assert_eq!(
            eusc(false, true, false).unwrap_err().code(),
            "InvalidEndpoint"
        );
        assert_eq!(
            eusc(false, false, true).unwrap_err().code(),
            "InvalidEndpoint"
        );
        // A region of a known partition but not in the table still needs its endpoint spelled out.
        let unknown = bucket(BucketConfig {
            name: "b-1",
            region: "eusc-de-west-2",
            ..Default::default()
        });
        assert_eq!(unknown.unwrap_err().code(), "InvalidRegion");
    }

    #[test]
    fn refuses_impossible_endpoint_combinations() {
        let code = |c: BucketConfig<'_>| bucket(c).unwrap_err().code();
        assert_eq!(
            code(BucketConfig {
                name: "a.b.c",
                region: "us-east-1",
                accelerate: true,
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "eu-west-1",
                fips: true,
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "cn-north-1",
                accelerate: true,
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "a.b",
                region: "us-east-1",
                addressing: Addressing::VirtualHosted,
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "us-east1",
                ..Default::default()
            }),
            "InvalidRegion"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "eu-centrl-1",
                ..Default::default()
            }),
            "InvalidRegion"
        );
        let newer = BucketConfig {
            name: "abc",
            region: "xx-future-1",
            endpoint: Some("https://s3.xx-future-1.amazonaws.com"),
            backend: Some(Backend::Aws),
            ..Default::default()
        };
        assert_eq!(
            bucket(newer).unwrap().host(),
            "s3.xx-future-1.amazonaws.com"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "x",
                endpoint: Some("ftp://h"),
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "x",
                endpoint: Some("http://h/path"),
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
        assert_eq!(
            code(BucketConfig {
                name: "abc",
                region: "x",
                endpoint: Some("http://h:99999"),
                ..Default::default()
            }),
            "InvalidEndpoint"
        );
    }

    #[test]
    fn custom_endpoints_keep_only_non_default_ports() {
        let b = bucket(BucketConfig {
            name: "test-bucket",
            region: "garage",
            endpoint: Some("http://127.0.0.1:3900"),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            (b.origin().as_str(), b.object_path("k").as_str()),
            ("http://127.0.0.1:3900", "/test-bucket/k")
        );
        let b = bucket(BucketConfig {
            name: "abc",
            region: "us-east-1",
            endpoint: Some("https://MinIO.example.com:443/"),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "minio.example.com");
        let b = bucket(BucketConfig {
            name: "abc",
            region: "x",
            endpoint: Some("http://[::1]:9000"),
            addressing: Addressing::Path,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(b.host(), "[::1]:9000");
        let r2 = bucket(BucketConfig {
            name: "photos",
            region: "",
            endpoint: Some("https://acc123.r2.cloudflarestorage.com"),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            (r2.backend(), r2.region(), r2.host()),
            (Backend::R2, "auto", "acc123.r2.cloudflarestorage.com")
        );
        let vhost = bucket(BucketConfig {
            name: "photos",
            region: "auto",
            endpoint: Some("https://acc.r2.cloudflarestorage.com"),
            addressing: Addressing::VirtualHosted,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(vhost.host(), "photos.acc.r2.cloudflarestorage.com");
    }

    #[test]
    fn enforces_bucket_naming_rules() {
        for bad in [
            "ab",
            "Abc",
            "a_b",
            "-ab",
            "ab-",
            "a..b",
            "192.168.5.4",
            "xn--abc",
            "abc-s3alias",
            "abc--x-s3",
            "a.-b",
        ] {
            assert_eq!(
                check_bucket_name(bad, Backend::Aws).unwrap_err().code(),
                "InvalidBucketName",
                "{bad}"
            );
        }
        for good in [
            "abc",
            "my.bucket.name",
            "a-b-c",
            "1bucket",
            "amzn-s3-demo",
            "x".repeat(63).as_str(),
        ] {
            assert!(check_bucket_name(good, Backend::Aws).is_ok(), "{good}");
        }
        assert!(check_bucket_name("my.bucket", Backend::R2).is_err());
    }
}
