//! The embedded knowledge base: organisations, forges and vendors are well-formed, their
//! references resolve, and the lookups the enrichment stage relies on give the right answers.

use std::collections::BTreeSet;

use cargo_sovereign::kb::file::KbFile;
use cargo_sovereign::kb::forges::{ForgeIndex, ForgeKind};
use cargo_sovereign::kb::names::{is_generic_mail_domain, is_unattributable_domain};
use cargo_sovereign::kb::orgs::{OrgIndex, OrgKind};
use cargo_sovereign::kb::vendors::VendorIndex;

fn orgs() -> OrgIndex {
    OrgIndex::try_embedded().unwrap_or_else(|e| panic!("data/orgs.toml: {e:#?}"))
}

fn forges() -> ForgeIndex {
    ForgeIndex::try_embedded().unwrap_or_else(|e| panic!("data/forges.toml: {e:#?}"))
}

fn vendors() -> VendorIndex {
    VendorIndex::try_embedded().unwrap_or_else(|e| panic!("data/vendors.toml: {e:#?}"))
}

/// The raw entries, so duplicates that the index would silently merge are visible.
fn raw_orgs() -> KbFile {
    let text = std::fs::read_to_string(env!("CARGO_MANIFEST_DIR").to_string() + "/data/orgs.toml").unwrap();
    KbFile::parse("data/orgs.toml", &text).unwrap()
}

fn id(org: Option<&cargo_sovereign::kb::orgs::Org>) -> Option<&str> {
    org.map(|o| o.id.as_str())
}

#[test]
fn there_are_at_least_220_orgs_with_unique_ids() {
    let raw = raw_orgs();
    assert!(raw.org.len() >= 220, "only {} orgs", raw.org.len());
    let ids: BTreeSet<&str> = raw.org.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), raw.org.len(), "duplicate ids");
    assert_eq!(orgs().len(), raw.org.len());
    assert_eq!(OrgIndex::embedded().len(), raw.org.len());
}

#[test]
fn every_org_is_well_formed() {
    for org in orgs().iter() {
        assert!(org.source.starts_with("https://"), "{}: source", org.id);
        match &org.country {
            Some(c) => assert!(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()), "{}: {c}", org.id),
            None => assert!(org.note.is_some(), "{}: no country and no note", org.id),
        }
        if org.country.is_none() {
            assert_eq!(org.kind, OrgKind::Community, "{}: only communities lack a country", org.id);
        }
        for d in &org.domains {
            assert!(!is_unattributable_domain(d), "{}: {d} is a public suffix or mail provider", org.id);
        }
    }
}

#[test]
fn accounts_and_domains_are_claimed_once() {
    let raw = raw_orgs();
    let mut github = BTreeSet::new();
    let mut domains = BTreeSet::new();
    for org in &raw.org {
        for g in &org.github {
            assert!(github.insert(g.to_ascii_lowercase()), "github login {g} listed twice");
        }
        for d in &org.domains {
            assert!(domains.insert(d.clone()), "domain {d} listed twice");
        }
    }
}

#[test]
fn parents_exist_and_have_no_cycles() {
    let idx = orgs();
    for org in idx.iter() {
        if let Some(p) = &org.parent {
            assert!(idx.by_id(p).is_some(), "{}: parent {p} missing", org.id);
        }
        let chain = idx.chain(&org.id);
        let top = chain.last().unwrap();
        assert!(
            top.parent.is_none(),
            "{}: chain stops at {} which still has a parent (cycle)",
            org.id,
            top.id
        );
    }
}

#[test]
fn forge_and_vendor_references_resolve() {
    let o = orgs();
    assert_eq!(forges().check_references(&o), Vec::<String>::new());
    assert_eq!(vendors().check_references(&o), Vec::<String>::new());
    for f in forges().iter() {
        assert!(f.source.starts_with("https://"), "{}", f.host);
        // A forge's country is its operator's control country where the operator has one.
        if let (Some(c), Some(cc)) = (&f.country, o.control_country(&f.operator)) {
            assert_eq!(c, cc, "forge {} country differs from its operator's", f.host);
        }
    }
    for v in vendors().iter() {
        assert!(v.source.starts_with("https://"), "{}", v.id);
    }
}

#[test]
fn lookups_by_account_domain_and_name() {
    let idx = orgs();
    assert_eq!(id(idx.by_github("aws")), Some("amazon"));
    assert_eq!(id(idx.by_github("AWSLabs")), Some("amazon"));
    assert_eq!(id(idx.by_github("tokio-rs")), Some("tokio-rs"));
    assert_eq!(id(idx.by_github("no-such-org-here")), None);
    assert_eq!(id(idx.by_gitlab("gitlab-org/security/gitlab")), Some("gitlab-inc"));
    assert_eq!(id(idx.by_domain("amazon.com")), Some("amazon"));
    assert_eq!(id(idx.by_domain("mail.eu.amazon.com")), Some("amazon"));
    assert_eq!(id(idx.by_domain("someone@ferrous-systems.com")), Some("ferrous-systems"));
    for generic in ["gmail.com", "outlook.com", "proton.me", "icloud.com", "qq.com", "com", "co.uk"] {
        assert_eq!(id(idx.by_domain(generic)), None, "{generic}");
    }
    assert_eq!(id(idx.by_domain("12345+someone@users.noreply.github.com")), None);
    assert_eq!(id(idx.by_name("Google LLC")), Some("google"));
    assert_eq!(id(idx.by_name("Ferrous Systems GmbH")), Some("ferrous-systems"));
    assert_eq!(id(idx.by_name("amazon web services, inc.")), Some("amazon"));
    assert_eq!(id(idx.by_name("KDE e.V.")), Some("kde"));
    assert_eq!(id(idx.by_name("Nobody In Particular Ltd")), None);
}

#[test]
fn control_follows_the_ultimate_parent() {
    let idx = orgs();
    assert_eq!(idx.control_country("github"), Some("US"));
    assert_eq!(id(idx.ultimate_parent("github")), Some("microsoft"));
    assert_eq!(id(idx.ultimate_parent("npm-inc")), Some("microsoft"));
    assert_eq!(id(idx.ultimate_parent("google-deepmind")), Some("alphabet"));
    assert_eq!(idx.control_country("mojang"), Some("US"));
    assert_eq!(idx.control_country("supercell"), Some("CN"));
    assert_eq!(idx.control_country("arm"), Some("JP"));
    assert_eq!(id(idx.ultimate_parent("red-hat")), Some("ibm"));
    let embark = idx.control_country("embark-studios");
    assert!(matches!(embark, Some("JP" | "KR")), "{embark:?}");
    assert_eq!(idx.control_country("rust-lang"), None, "a community has no country");
    assert_eq!(idx.control_country("ferrous-systems"), Some("DE"));
}

#[test]
fn forges_by_host() {
    let f = forges();
    let op = |h: &str| f.by_host(h).map(|x| x.operator.as_str());
    assert_eq!(op("github.com"), Some("github"));
    assert_eq!(op("api.github.com"), Some("github"));
    assert_eq!(op("codeberg.org"), Some("codeberg"));
    assert_eq!(op("index.crates.io"), Some("rust-foundation"));
    assert_eq!(op("registry.npmjs.org"), Some("npm-inc"));
    assert_eq!(f.by_url("git@gitlab.com:group/project.git").map(|x| x.country.as_deref()), Some(Some("US")));
    assert_eq!(f.by_host("pypi.org").map(|x| x.kind), Some(ForgeKind::Registry));
    assert_eq!(op("example.org"), None);
}

/// One example package per vendor pattern: every pattern must match at least one, so a typo
/// in a pattern (which would match nothing real) fails here.
const EXAMPLES: &[(&str, Option<&str>, &str)] = &[
    // AWS
    ("cargo", None, "aws-sdk-s3"),
    ("cargo", None, "aws-config"),
    ("cargo", None, "aws-smithy-runtime"),
    ("cargo", None, "aws-types"),
    ("cargo", None, "aws-credential-types"),
    ("cargo", None, "aws-sigv4"),
    ("cargo", None, "rusoto_core"),
    ("cargo", None, "lambda_runtime"),
    ("cargo", None, "lambda_http"),
    ("cargo", None, "aws_lambda_events"),
    ("npm", Some("@aws-sdk"), "client-s3"),
    ("npm", None, "aws-sdk"),
    ("npm", Some("@aws-amplify"), "core"),
    ("npm", None, "aws-amplify"),
    ("npm", Some("@aws-cdk"), "core"),
    ("npm", None, "aws-cdk-lib"),
    ("npm", None, "aws-cdk"),
    ("npm", Some("@aws-lambda-powertools"), "logger"),
    ("npm", Some("@smithy"), "types"),
    ("pypi", None, "boto3"),
    ("pypi", None, "botocore"),
    ("pypi", None, "boto"),
    ("pypi", None, "aiobotocore"),
    ("pypi", None, "s3transfer"),
    ("pypi", None, "awscli"),
    ("pypi", None, "aws-cdk-lib"),
    ("pypi", None, "aws-cdk.aws-s3"),
    ("pypi", None, "aws-lambda-powertools"),
    ("pypi", None, "sagemaker"),
    ("pypi", None, "aws-xray-sdk"),
    ("pypi", None, "awswrangler"),
    ("pypi", None, "boto3-stubs"),
    ("pypi", None, "mypy-boto3-s3"),
    ("maven", Some("software.amazon.awssdk"), "s3"),
    ("maven", Some("com.amazonaws"), "aws-java-sdk-s3"),
    ("maven", Some("software.amazon.awscdk"), "aws-cdk-lib"),
    ("golang", None, "github.com/aws/aws-sdk-go"),
    ("golang", Some("github.com/aws/aws-sdk-go"), "aws"),
    ("golang", None, "github.com/aws/aws-sdk-go-v2"),
    ("golang", Some("github.com/aws/aws-sdk-go-v2/service"), "s3"),
    ("golang", None, "github.com/aws/aws-lambda-go"),
    ("golang", Some("github.com/aws/aws-lambda-go"), "lambda"),
    ("nuget", None, "AWSSDK.S3"),
    ("nuget", None, "Amazon.Lambda.Core"),
    // Azure
    ("cargo", None, "azure_core"),
    ("npm", Some("@azure"), "storage-blob"),
    ("npm", Some("@azure-rest"), "ai-translation-text"),
    ("npm", None, "azure-storage"),
    ("npm", Some("@azure-tools"), "typespec-client-generator-core"),
    ("pypi", None, "azure-storage-blob"),
    ("pypi", None, "msrest"),
    ("pypi", None, "msrestazure"),
    ("pypi", None, "adal"),
    ("pypi", None, "msal"),
    ("pypi", None, "msal-extensions"),
    ("maven", Some("com.azure"), "azure-storage-blob"),
    ("maven", Some("com.microsoft.azure"), "azure"),
    ("maven", Some("com.azure.resourcemanager"), "azure-resourcemanager"),
    ("golang", None, "github.com/Azure/azure-sdk-for-go"),
    ("golang", Some("github.com/Azure/azure-sdk-for-go/sdk"), "azcore"),
    ("nuget", None, "Azure.Storage.Blobs"),
    ("nuget", None, "Microsoft.Azure.Cosmos"),
    ("nuget", None, "Microsoft.Identity.Client"),
    // Google Cloud
    ("cargo", None, "google-cloud-storage"),
    ("cargo", None, "gcloud-sdk"),
    ("cargo", None, "gcp_auth"),
    ("cargo", None, "google-apis-common"),
    ("npm", Some("@google-cloud"), "storage"),
    ("npm", None, "googleapis"),
    ("npm", None, "google-auth-library"),
    ("npm", Some("@googleapis"), "drive"),
    ("pypi", None, "google-cloud-storage"),
    ("pypi", None, "google-api-python-client"),
    ("pypi", None, "google-auth"),
    ("pypi", None, "google-api-core"),
    ("pypi", None, "gcsfs"),
    ("maven", Some("com.google.cloud"), "google-cloud-storage"),
    ("maven", Some("com.google.api-client"), "google-api-client"),
    ("maven", Some("com.google.apis"), "google-api-services-drive"),
    ("golang", None, "cloud.google.com/go"),
    ("golang", Some("cloud.google.com/go"), "storage"),
    ("golang", None, "google.golang.org/api"),
    ("golang", Some("google.golang.org/api"), "drive/v3"),
    ("nuget", None, "Google.Cloud.Storage.V1"),
    ("nuget", None, "Google.Apis.Drive.v3"),
    // Alibaba, Tencent, Huawei, Oracle, IBM
    ("cargo", None, "aliyun-oss-rust-sdk"),
    ("cargo", None, "alibabacloud-oss"),
    ("cargo", None, "alibaba-cloud-sdk"),
    ("npm", Some("@alicloud"), "pop-core"),
    ("npm", None, "ali-oss"),
    ("npm", None, "aliyun-sdk"),
    ("pypi", None, "aliyun-python-sdk-core"),
    ("pypi", None, "alibabacloud-tea"),
    ("pypi", None, "oss2"),
    ("pypi", None, "dashscope"),
    ("maven", Some("com.aliyun"), "aliyun-java-sdk-core"),
    ("maven", Some("com.aliyun.oss"), "aliyun-sdk-oss"),
    ("golang", None, "github.com/aliyun/alibaba-cloud-sdk-go"),
    ("golang", Some("github.com/aliyun/alibaba-cloud-sdk-go"), "sdk"),
    ("golang", Some("github.com/alibabacloud-go"), "tea"),
    ("golang", None, "github.com/aliyun/aliyun-oss-go-sdk"),
    ("golang", Some("github.com/aliyun/aliyun-oss-go-sdk"), "oss"),
    ("cargo", None, "tencentcloud-sdk"),
    ("npm", None, "tencentcloud-sdk-nodejs"),
    ("npm", None, "tencentcloud-sdk-nodejs-cvm"),
    ("npm", None, "cos-nodejs-sdk-v5"),
    ("npm", None, "cos-js-sdk-v5"),
    ("pypi", None, "tencentcloud-sdk-python"),
    ("pypi", None, "tencentcloud-sdk-python-cvm"),
    ("pypi", None, "cos-python-sdk-v5"),
    ("maven", Some("com.tencentcloudapi"), "tencentcloud-sdk-java"),
    ("maven", Some("com.qcloud"), "cos_api"),
    ("golang", None, "github.com/tencentcloud/tencentcloud-sdk-go"),
    ("golang", Some("github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud"), "common"),
    ("golang", None, "github.com/tencentyun/cos-go-sdk-v5"),
    ("cargo", None, "huaweicloud-sdk-rust"),
    ("npm", Some("@huaweicloud"), "huaweicloud-sdk-core"),
    ("npm", None, "esdk-obs-nodejs"),
    ("pypi", None, "huaweicloudsdkcore"),
    ("pypi", None, "esdk-obs-python"),
    ("maven", Some("com.huaweicloud.sdk"), "huaweicloud-sdk-core"),
    ("maven", Some("com.huaweicloud"), "esdk-obs-java"),
    ("golang", None, "github.com/huaweicloud/huaweicloud-sdk-go-v3"),
    ("golang", Some("github.com/huaweicloud/huaweicloud-sdk-go-v3"), "core"),
    ("golang", Some("github.com/huaweicloud/huaweicloud-sdk-go-obs"), "obs"),
    ("npm", None, "oci-sdk"),
    ("npm", None, "oci-common"),
    ("npm", None, "oci-objectstorage"),
    ("pypi", None, "oci"),
    ("pypi", None, "oci-cli"),
    ("maven", Some("com.oracle.oci.sdk"), "oci-java-sdk-common"),
    ("golang", None, "github.com/oracle/oci-go-sdk"),
    ("golang", Some("github.com/oracle/oci-go-sdk/v65"), "common"),
    ("nuget", None, "OCI.DotNetSDK.Common"),
    ("npm", None, "ibm-cloud-sdk-core"),
    ("npm", Some("@ibm-cloud"), "platform-services"),
    ("npm", None, "ibm-cos-sdk"),
    ("npm", None, "ibm-watson"),
    ("pypi", None, "ibm-cloud-sdk-core"),
    ("pypi", None, "ibm-cos-sdk"),
    ("pypi", None, "ibm-cos-sdk-core"),
    ("pypi", None, "ibm-watson"),
    ("pypi", None, "ibm-platform-services"),
    ("pypi", None, "ibm-watsonx-ai"),
    ("maven", Some("com.ibm.cloud"), "sdk-core"),
    ("maven", Some("com.ibm.watson"), "ibm-watson"),
    ("maven", Some("com.ibm.cos"), "ibm-cos-java-sdk"),
    ("golang", None, "github.com/IBM/ibm-cos-sdk-go"),
    ("golang", Some("github.com/IBM/ibm-cos-sdk-go/aws"), "session"),
    ("golang", Some("github.com/IBM/go-sdk-core"), "v5"),
    ("golang", None, "github.com/IBM/platform-services-go-sdk"),
    ("golang", Some("github.com/IBM/platform-services-go-sdk"), "iamidentityv1"),
    // Cloudflare
    ("cargo", None, "cloudflare"),
    ("cargo", None, "worker"),
    ("cargo", None, "worker-macros"),
    ("cargo", None, "worker-sys"),
    ("cargo", None, "worker-kv"),
    ("npm", None, "cloudflare"),
    ("npm", Some("@cloudflare"), "workers-types"),
    ("npm", None, "wrangler"),
    ("pypi", None, "cloudflare"),
    ("golang", None, "github.com/cloudflare/cloudflare-go"),
    ("golang", Some("github.com/cloudflare/cloudflare-go"), "v4"),
    // AI APIs
    ("cargo", None, "async-openai"),
    ("cargo", None, "openai"),
    ("cargo", None, "openai-api-rs"),
    ("cargo", None, "openai_dive"),
    ("npm", None, "openai"),
    ("npm", Some("@openai"), "agents"),
    ("pypi", None, "openai"),
    ("pypi", None, "openai-agents"),
    ("maven", Some("com.openai"), "openai-java"),
    ("maven", Some("com.theokanning.openai-gpt3-java"), "service"),
    ("golang", None, "github.com/openai/openai-go"),
    ("golang", Some("github.com/openai/openai-go"), "option"),
    ("golang", None, "github.com/sashabaranov/go-openai"),
    ("nuget", None, "OpenAI"),
    ("nuget", None, "Betalgo.OpenAI"),
    ("cargo", None, "anthropic"),
    ("cargo", None, "anthropic-sdk"),
    ("cargo", None, "anthropic-rs"),
    ("npm", Some("@anthropic-ai"), "sdk"),
    ("pypi", None, "anthropic"),
    ("maven", Some("com.anthropic"), "anthropic-java"),
    ("golang", None, "github.com/anthropics/anthropic-sdk-go"),
    ("golang", Some("github.com/anthropics/anthropic-sdk-go"), "option"),
    ("nuget", None, "Anthropic"),
    ("nuget", None, "Anthropic.SDK"),
    ("cargo", None, "google-cloud-aiplatform-v1"),
    ("cargo", None, "gemini-rust"),
    ("cargo", None, "google-generative-ai-rs"),
    ("npm", Some("@google"), "generative-ai"),
    ("npm", Some("@google"), "genai"),
    ("npm", Some("@google-cloud"), "vertexai"),
    ("npm", Some("@google-cloud"), "aiplatform"),
    ("pypi", None, "google-generativeai"),
    ("pypi", None, "google-genai"),
    ("pypi", None, "google-cloud-aiplatform"),
    ("pypi", None, "vertexai"),
    ("maven", Some("com.google.cloud"), "google-cloud-vertexai"),
    ("maven", Some("com.google.cloud"), "google-cloud-aiplatform"),
    ("maven", Some("com.google.genai"), "google-genai"),
    ("golang", None, "google.golang.org/genai"),
    ("golang", None, "github.com/google/generative-ai-go"),
    ("golang", Some("github.com/google/generative-ai-go"), "genai"),
    ("golang", None, "cloud.google.com/go/vertexai"),
    ("golang", Some("cloud.google.com/go/vertexai"), "genai"),
    ("golang", None, "cloud.google.com/go/aiplatform"),
    ("golang", Some("cloud.google.com/go/aiplatform"), "apiv1"),
    ("nuget", None, "Google.Cloud.AIPlatform.V1"),
    ("nuget", None, "Google.GenAI"),
    ("cargo", None, "cohere-rust"),
    ("npm", None, "cohere-ai"),
    ("pypi", None, "cohere"),
    ("maven", Some("com.cohere"), "cohere-java"),
    ("golang", None, "github.com/cohere-ai/cohere-go"),
    ("golang", Some("github.com/cohere-ai/cohere-go"), "v2"),
    ("npm", None, "replicate"),
    ("pypi", None, "replicate"),
    ("golang", None, "github.com/replicate/replicate-go"),
    ("npm", None, "groq-sdk"),
    ("pypi", None, "groq"),
    ("cargo", None, "mistralai-client"),
    ("npm", Some("@mistralai"), "mistralai"),
    ("pypi", None, "mistralai"),
    ("cargo", None, "aleph-alpha-client"),
    ("pypi", None, "aleph_alpha_client"),
    // Telemetry
    ("cargo", None, "sentry"),
    ("cargo", None, "sentry-core"),
    ("npm", Some("@sentry"), "node"),
    ("npm", None, "raven-js"),
    ("npm", None, "raven"),
    ("pypi", None, "sentry-sdk"),
    ("pypi", None, "raven"),
    ("maven", Some("io.sentry"), "sentry"),
    ("golang", None, "github.com/getsentry/sentry-go"),
    ("golang", Some("github.com/getsentry/sentry-go"), "http"),
    ("nuget", None, "Sentry"),
    ("nuget", None, "Sentry.AspNetCore"),
    ("cargo", None, "datadog-tracing"),
    ("cargo", None, "dogstatsd"),
    ("npm", None, "dd-trace"),
    ("npm", Some("@datadog"), "browser-rum"),
    ("npm", None, "datadog-metrics"),
    ("pypi", None, "ddtrace"),
    ("pypi", None, "datadog"),
    ("pypi", None, "datadog-api-client"),
    ("pypi", None, "datadog-checks-base"),
    ("maven", Some("com.datadoghq"), "dd-java-agent"),
    ("golang", None, "gopkg.in/DataDog/dd-trace-go.v1"),
    ("golang", Some("gopkg.in/DataDog/dd-trace-go.v1/ddtrace"), "tracer"),
    ("golang", Some("github.com/DataDog/dd-trace-go"), "v2"),
    ("golang", None, "github.com/DataDog/datadog-go"),
    ("golang", Some("github.com/DataDog/datadog-go/v5"), "statsd"),
    ("golang", Some("github.com/DataDog/datadog-api-client-go"), "v2"),
    ("nuget", None, "Datadog.Trace"),
    ("nuget", None, "Datadog.Trace.Bundle"),
    ("cargo", None, "newrelic"),
    ("cargo", None, "newrelic-sys"),
    ("npm", None, "newrelic"),
    ("npm", Some("@newrelic"), "browser-agent"),
    ("pypi", None, "newrelic"),
    ("maven", Some("com.newrelic.agent.java"), "newrelic-api"),
    ("maven", Some("com.newrelic.telemetry"), "telemetry-core"),
    ("golang", None, "github.com/newrelic/go-agent"),
    ("golang", Some("github.com/newrelic/go-agent"), "v3/newrelic"),
    ("nuget", None, "NewRelic.Agent.Api"),
    ("cargo", None, "libhoney-rust"),
    ("npm", Some("@honeycombio"), "opentelemetry-node"),
    ("npm", None, "libhoney"),
    ("pypi", None, "libhoney"),
    ("pypi", None, "honeycomb-beeline"),
    ("pypi", None, "honeycomb-opentelemetry"),
    ("maven", Some("io.honeycomb"), "honeycomb-opentelemetry-sdk"),
    ("maven", Some("io.honeycomb.libhoney"), "libhoney-java"),
    ("maven", Some("io.honeycomb.beeline"), "beeline-core"),
    ("golang", None, "github.com/honeycombio/libhoney-go"),
    ("golang", None, "github.com/honeycombio/beeline-go"),
    ("golang", Some("github.com/honeycombio/beeline-go"), "wrappers"),
    ("golang", Some("github.com/honeycombio/otel-config-go"), "otelconfig"),
    ("cargo", None, "bugsnag"),
    ("npm", Some("@bugsnag"), "js"),
    ("npm", None, "bugsnag"),
    ("pypi", None, "bugsnag"),
    ("maven", Some("com.bugsnag"), "bugsnag"),
    ("golang", None, "github.com/bugsnag/bugsnag-go"),
    ("golang", Some("github.com/bugsnag/bugsnag-go"), "v2"),
    ("nuget", None, "Bugsnag"),
    ("nuget", None, "Bugsnag.AspNet"),
    ("cargo", None, "rollbar"),
    ("npm", None, "rollbar"),
    ("pypi", None, "rollbar"),
    ("maven", Some("com.rollbar"), "rollbar-java"),
    ("golang", None, "github.com/rollbar/rollbar-go"),
    ("nuget", None, "Rollbar"),
    ("nuget", None, "Rollbar.NetCore.AspNet"),
    ("npm", None, "analytics-node"),
    ("npm", Some("@segment"), "analytics-next"),
    ("pypi", None, "segment-analytics-python"),
    ("pypi", None, "analytics-python"),
    ("maven", Some("com.segment.analytics.java"), "analytics"),
    ("maven", Some("com.segment.analytics.kotlin"), "core"),
    ("maven", Some("com.segment.analytics.android"), "analytics"),
    ("golang", None, "github.com/segmentio/analytics-go"),
    ("golang", Some("github.com/segmentio/analytics-go"), "v3"),
    ("golang", None, "gopkg.in/segmentio/analytics-go.v3"),
    ("npm", None, "mixpanel"),
    ("npm", None, "mixpanel-browser"),
    ("pypi", None, "mixpanel"),
    ("maven", Some("com.mixpanel.android"), "mixpanel-android"),
    ("golang", None, "github.com/mixpanel/mixpanel-go"),
    ("npm", Some("@amplitude"), "analytics-browser"),
    ("npm", None, "amplitude-js"),
    ("pypi", None, "amplitude-analytics"),
    ("maven", Some("com.amplitude"), "analytics-android"),
    ("golang", None, "github.com/amplitude/analytics-go"),
    ("golang", Some("github.com/amplitude/analytics-go"), "amplitude"),
    ("cargo", None, "posthog-rs"),
    ("npm", None, "posthog-js"),
    ("npm", None, "posthog-node"),
    ("pypi", None, "posthog"),
    ("maven", Some("com.posthog"), "posthog-android"),
    ("maven", Some("com.posthog.java"), "posthog"),
    ("golang", None, "github.com/posthog/posthog-go"),
    // SaaS
    ("cargo", None, "firebase-rs"),
    ("cargo", None, "firestore"),
    ("npm", None, "firebase"),
    ("npm", None, "firebase-admin"),
    ("npm", Some("@firebase"), "app"),
    ("npm", None, "firebase-tools"),
    ("npm", Some("@react-native-firebase"), "app"),
    ("pypi", None, "firebase-admin"),
    ("maven", Some("com.google.firebase"), "firebase-admin"),
    ("golang", None, "firebase.google.com/go"),
    ("golang", Some("firebase.google.com/go"), "v4"),
    ("nuget", None, "FirebaseAdmin"),
    ("cargo", None, "supabase-auth"),
    ("cargo", None, "postgrest"),
    ("npm", Some("@supabase"), "supabase-js"),
    ("pypi", None, "supabase"),
    ("pypi", None, "supabase-auth"),
    ("pypi", None, "supafunc"),
    ("pypi", None, "gotrue"),
    ("pypi", None, "postgrest"),
    ("pypi", None, "realtime"),
    ("pypi", None, "storage3"),
    ("golang", None, "github.com/supabase-community/supabase-go"),
    ("golang", Some("github.com/supabase-community"), "gotrue-go"),
    ("cargo", None, "async-stripe"),
    ("cargo", None, "stripe-rust"),
    ("cargo", None, "stripe-types"),
    ("npm", None, "stripe"),
    ("npm", Some("@stripe"), "stripe-js"),
    ("pypi", None, "stripe"),
    ("maven", Some("com.stripe"), "stripe-java"),
    ("golang", None, "github.com/stripe/stripe-go"),
    ("golang", Some("github.com/stripe/stripe-go"), "v76"),
    ("nuget", None, "Stripe.net"),
    ("cargo", None, "twilio"),
    ("cargo", None, "twilio-async"),
    ("cargo", None, "sendgrid"),
    ("npm", None, "twilio"),
    ("npm", Some("@twilio"), "voice-sdk"),
    ("npm", Some("@sendgrid"), "mail"),
    ("pypi", None, "twilio"),
    ("pypi", None, "sendgrid"),
    ("maven", Some("com.twilio.sdk"), "twilio"),
    ("maven", Some("com.sendgrid"), "sendgrid-java"),
    ("golang", None, "github.com/twilio/twilio-go"),
    ("golang", Some("github.com/twilio/twilio-go"), "client"),
    ("golang", None, "github.com/sendgrid/sendgrid-go"),
    ("nuget", None, "Twilio"),
    ("nuget", None, "Twilio.AspNet.Core"),
    ("nuget", None, "SendGrid"),
    // Native runtimes
    ("cargo", None, "cudarc"),
    ("cargo", None, "cust"),
    ("cargo", None, "cust_core"),
    ("cargo", None, "cuda-sys"),
    ("cargo", None, "cuda-runtime-sys"),
    ("cargo", None, "cuda_std"),
    ("cargo", None, "nvml-wrapper"),
    ("cargo", None, "nvml-wrapper-sys"),
    ("cargo", None, "cublas-sys"),
    ("cargo", None, "cufft_rust"),
    ("pypi", None, "nvidia-cublas-cu11"),
    ("pypi", None, "nvidia-cublas-cu12"),
    ("pypi", None, "nvidia-cuda-runtime-cu13"),
    ("pypi", None, "cuda-python"),
    ("pypi", None, "cuda-bindings"),
    ("pypi", None, "cupy"),
    ("pypi", None, "cupy-cuda12x"),
    ("pypi", None, "pycuda"),
    ("pypi", None, "nvidia-ml-py"),
    ("pypi", None, "pynvml"),
    ("pypi", None, "tensorrt"),
    ("pypi", None, "tensorrt-cu12"),
    ("pypi", None, "numba-cuda"),
    ("maven", Some("org.bytedeco"), "cuda"),
    ("maven", Some("org.bytedeco"), "cuda-platform"),
    ("maven", Some("org.jcuda"), "jcuda"),
    ("conda", None, "cuda-nvcc"),
    ("conda", None, "cudatoolkit"),
    ("cargo", None, "cudnn"),
    ("cargo", None, "cudnn-sys"),
    ("pypi", None, "nvidia-cudnn-cu11"),
    ("pypi", None, "nvidia-cudnn-cu12"),
    ("pypi", None, "nvidia-cudnn-frontend"),
    ("maven", Some("org.bytedeco"), "cudnn"),
    ("conda", None, "cudnn"),
    ("cargo", None, "intel-mkl-src"),
    ("cargo", None, "intel-mkl-sys"),
    ("cargo", None, "intel-mkl-tool"),
    ("cargo", None, "mkl-sys"),
    ("pypi", None, "mkl"),
    ("pypi", None, "mkl_fft"),
    ("pypi", None, "intel-openmp"),
    ("maven", Some("org.bytedeco"), "mkl"),
    ("maven", Some("org.bytedeco"), "mkl-platform"),
    ("conda", None, "mkl"),
    ("conda", None, "mkl-service"),
    // Platforms
    ("cargo", None, "objc2"),
    ("cargo", None, "objc2-foundation"),
    ("cargo", None, "objc"),
    ("cargo", None, "objc-foundation"),
    ("cargo", None, "objc_id"),
    ("cargo", None, "block2"),
    ("cargo", None, "dispatch2"),
    ("cargo", None, "icrate"),
    ("cargo", None, "cocoa"),
    ("cargo", None, "cocoa-foundation"),
    ("cargo", None, "core-foundation"),
    ("cargo", None, "core-foundation-sys"),
    ("cargo", None, "core-graphics"),
    ("cargo", None, "core-graphics-types"),
    ("cargo", None, "core-text"),
    ("cargo", None, "core-video-sys"),
    ("cargo", None, "coreaudio-rs"),
    ("cargo", None, "coreaudio-sys"),
    ("cargo", None, "security-framework"),
    ("cargo", None, "security-framework-sys"),
    ("cargo", None, "system-configuration"),
    ("cargo", None, "system-configuration-sys"),
    ("cargo", None, "metal"),
    ("cargo", None, "io-kit-sys"),
    ("cargo", None, "fsevent-sys"),
    ("cargo", None, "mach2"),
    ("pypi", None, "pyobjc"),
    ("pypi", None, "pyobjc-core"),
    ("cargo", None, "windows"),
    ("cargo", None, "windows-sys"),
    ("cargo", None, "windows_x86_64_msvc"),
    ("cargo", None, "winapi"),
    ("cargo", None, "winapi-util"),
    ("cargo", None, "winreg"),
    ("cargo", None, "wmi"),
    ("pypi", None, "pywin32"),
    ("pypi", None, "pywin32-ctypes"),
    ("pypi", None, "comtypes"),
    ("pypi", None, "pywinauto"),
    ("nuget", None, "Microsoft.Windows.SDK.BuildTools"),
    ("nuget", None, "Microsoft.WindowsAppSDK"),
];

#[test]
fn every_vendor_pattern_matches_an_example() {
    let idx = vendors();
    let mut unmatched = Vec::new();
    for v in idx.iter() {
        for (eco, pats) in &v.patterns {
            for pat in pats {
                let hit = EXAMPLES.iter().any(|(e, ns, name)| {
                    e == eco && v.matching_patterns(e, *ns, name).contains(&pat.as_str())
                });
                if !hit {
                    unmatched.push(format!("{} {eco} {pat}", v.id));
                }
            }
        }
    }
    assert!(unmatched.is_empty(), "patterns without an example: {unmatched:#?}");
    // And every example is claimed by some vendor.
    for (eco, ns, name) in EXAMPLES {
        assert!(idx.match_package(eco, *ns, name).is_some(), "{eco} {ns:?} {name} matches no vendor");
    }
}

#[test]
fn vendor_matches_and_non_matches() {
    let idx = vendors();
    let m = |eco: &str, ns: Option<&str>, name: &str| idx.match_package(eco, ns, name).map(|v| v.id.as_str());
    assert_eq!(m("cargo", None, "aws-sdk-s3"), Some("aws"));
    assert_eq!(m("npm", Some("@aws-sdk"), "client-s3"), Some("aws"));
    assert_eq!(m("npm", None, "@aws-sdk/client-s3"), Some("aws"));
    assert_eq!(m("pypi", None, "boto3"), Some("aws"));
    assert_eq!(m("maven", Some("software.amazon.awssdk"), "s3"), Some("aws"));
    assert_eq!(m("pypi", None, "google-cloud-aiplatform"), Some("google-gemini"));
    assert_eq!(m("pypi", None, "google-cloud-storage"), Some("google-cloud"));
    assert_eq!(m("pypi", None, "nvidia-cudnn-cu12"), Some("cudnn"));
    assert_eq!(m("pypi", None, "nvidia-cublas-cu12"), Some("cuda"));
    assert_eq!(m("pypi", None, "mistralai"), Some("mistral-ai"));
    // Multi-cloud abstractions are the way out, not lock-in.
    for (eco, name) in [
        ("cargo", "object_store"),
        ("cargo", "opendal"),
        ("pypi", "apache-libcloud"),
        ("pypi", "opendal"),
        ("npm", "opendal"),
    ] {
        assert_eq!(m(eco, None, name), None, "{eco} {name}");
    }
    // Ordinary packages and near misses.
    for (eco, name) in [
        ("cargo", "serde"),
        ("cargo", "aws-lc-rs"),
        ("cargo", "oci-spec"),
        ("npm", "react"),
        ("pypi", "requests"),
        ("cargo", "tokio"),
    ] {
        assert_eq!(m(eco, None, name), None, "{eco} {name}");
    }
}

#[test]
fn vendor_alternatives_are_well_formed() {
    let idx = vendors();
    let ai = idx.by_id("openai").unwrap();
    assert!(ai.alternatives.iter().any(|a| a.org.as_deref() == Some("mistral-ai")));
    let aws = idx.by_id("aws").unwrap();
    assert!(aws.alternatives.iter().any(|a| a.name.as_deref() == Some("object_store")));
    assert!(aws.alternatives.iter().any(|a| a.hint.is_some()));
    // An alternative is never itself a vendor client.
    for v in idx.iter() {
        for a in &v.alternatives {
            if let (Some(name), Some(eco)) = (&a.name, &a.ecosystem) {
                let hit = idx.match_package(eco, None, name).map(|x| x.id.as_str());
                let own_eu = matches!(hit, Some("mistral-ai" | "aleph-alpha"));
                assert!(
                    hit.is_none() || own_eu,
                    "{}: alternative {eco} {name} is a vendor client ({hit:?})",
                    v.id
                );
            }
        }
    }
}

#[test]
fn generic_mail_domains_are_recognised() {
    for d in ["gmail.com", "outlook.com", "proton.me", "qq.com"] {
        assert!(is_generic_mail_domain(d), "{d}");
    }
    assert!(!is_generic_mail_domain("amazon.com"));
}
