//! The audit as a library call: plain options in, a [`Graph`] and a [`Report`] out.
//!
//! The binary turns command-line arguments into [`AuditOptions`]; tests and other programs can
//! build them directly.

use std::collections::BTreeSet;
use std::fmt;

use crate::analysis::{self, CriticalThresholds};
use crate::enrich::online::progress::{Progress, Silent};
use crate::enrich::online::{self, OnlineData, OnlineOptions};
use crate::error::InputError;
use crate::input::builder::GraphBuilder;
use crate::input::cargo::{self, CargoOptions};
use crate::kb::base::Kb;
use crate::model::{Graph, GraphFigures};
use crate::policy::config::Config;
use crate::policy::date::Date;
use crate::policy::findings;
use crate::report::Report;

/// Default refusal threshold for one input file: 1 GiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = crate::files::read::MAX_INPUT_BYTES;

/// What to audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// How to run `cargo metadata` and which part of the workspace to keep.
    pub cargo: CargoOptions,
    /// A pre-generated `cargo metadata` JSON file (`-` for standard input) instead of running cargo.
    pub metadata: Option<String>,
    /// SBOM files (`-` for standard input). When set, cargo is not run.
    pub sboms: Vec<String>,
    /// Refuse input files larger than this many bytes.
    pub max_input_bytes: u64,
    /// The policy.
    pub config: Config,
    /// Today, for exception expiry.
    pub today: Date,
    /// The knowledge base (embedded data plus `--kb` files).
    pub kb: Kb,
    /// Online enrichment (or, with `offline` set, the cache only); `None`: neither.
    pub online: Option<OnlineOptions>,
    /// Any failed online lookup is an error instead of a warning.
    pub require_online: bool,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            cargo: CargoOptions::default(),
            metadata: None,
            sboms: Vec::new(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            config: Config::default(),
            today: Date::today(),
            kb: Kb::embedded(),
            online: None,
            require_online: false,
        }
    }
}

/// Reads every input into one graph.
pub fn load_graph(opts: &AuditOptions) -> Result<Graph, InputError> {
    let mut builder = GraphBuilder::new(opts.cargo.select.include_dev);
    if let Some(path) = &opts.metadata {
        let (name, bytes) = read_input(path, opts.max_input_bytes)?;
        let text = crate::input::text::decode(&name, &bytes)?;
        let info = cargo::read_metadata(&name, text, &opts.cargo.select, false, &mut builder)?;
        builder.add_input(info);
    }
    for path in &opts.sboms {
        let (name, bytes) = read_input(path, opts.max_input_bytes)?;
        crate::input::read_document(&name, &bytes, &mut builder)?;
    }
    if opts.metadata.is_none() && opts.sboms.is_empty() {
        let json = cargo::run_cargo_metadata(&opts.cargo)?;
        let label =
            opts.cargo.manifest_path.as_ref().map_or("cargo metadata".into(), |p| p.display().to_string());
        let info = cargo::read_metadata(&label, &json, &opts.cargo.select, true, &mut builder)?;
        builder.add_input(info);
    }
    Ok(builder.finish())
}

/// Why an audit could not run.
#[derive(Debug)]
pub enum AuditError {
    /// An input could not be read.
    Input(InputError),
    /// The policy is wrong; every problem found.
    Config(Vec<InputError>),
    /// `--require-online` and some lookups failed: the warnings.
    Online(Vec<String>),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::Input(e) => write!(f, "{e}"),
            AuditError::Config(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                write!(f, "{}", lines.join("\nerror: "))
            }
            AuditError::Online(warnings) => {
                write!(f, "online enrichment incomplete (--require-online): {}", warnings.join("; "))
            }
        }
    }
}

impl std::error::Error for AuditError {}

impl From<InputError> for AuditError {
    fn from(e: InputError) -> Self {
        AuditError::Input(e)
    }
}

/// Everything one audit produced.
#[derive(Debug)]
pub struct Audit {
    /// The dependency graph.
    pub graph: Graph,
    /// The report document (with the enrichment facts and graph figures, which are indexed
    /// like the graph's packages).
    pub report: Report,
    /// What the online sources answered, when they were asked (or the cache was read).
    pub online: Option<OnlineData>,
}

/// The trusted country codes the policy names (groups expanded).
pub fn trusted_countries(config: &Config) -> Result<BTreeSet<String>, AuditError> {
    crate::kb::geo::jurisdictions::expand(&config.trusted).map_err(|unknown| {
        AuditError::Config(
            unknown
                .into_iter()
                .map(|u| {
                    InputError::new(
                        "policy",
                        format!("`{u}` in `trusted` is neither a jurisdiction group nor an ISO 3166-1 country code"),
                    )
                })
                .collect(),
        )
    })
}

/// Runs the whole pipeline: read, enrich, analyse, judge, report.
pub fn run(opts: &AuditOptions) -> Result<Audit, AuditError> {
    run_with(opts, &Silent)
}

/// [`run`], telling `progress` how the online lookups go.
pub fn run_with(opts: &AuditOptions, progress: &dyn Progress) -> Result<Audit, AuditError> {
    trusted_countries(&opts.config)?;
    let graph = load_graph(opts)?;
    run_graph(opts, graph, None, progress)
}

/// [`run_with`] on a graph already read with [`load_graph`] (from these options' inputs);
/// the online stage goes on from `opened` ([`online::open`] of the same graph and
/// `opts.online`) when given.
pub fn run_graph(
    opts: &AuditOptions,
    graph: Graph,
    opened: Option<online::Opened>,
    progress: &dyn Progress,
) -> Result<Audit, AuditError> {
    let judged = judge(opts, &graph, opened, progress)?;
    let report = Report::from_graph(&graph);
    let (report, online) = judged.complete(report);
    Ok(Audit { graph, report, online })
}

/// [`run_graph`] for callers that need only the report: the graph's strings move into it
/// instead of being copied, which keeps a large graph's peak memory down.
pub fn run_report(
    opts: &AuditOptions,
    graph: Graph,
    opened: Option<online::Opened>,
    progress: &dyn Progress,
) -> Result<Report, AuditError> {
    let judged = judge(opts, &graph, opened, progress)?;
    Ok(judged.complete(Report::from_graph_owned(graph)).0)
}

/// What the pipeline learned about a graph, before it becomes a report.
struct Judged {
    facts: Vec<crate::enrich::PackageFacts>,
    figures: Vec<GraphFigures>,
    findings: Vec<crate::report::document::Finding>,
    suppressed: usize,
    online: Option<OnlineData>,
}

impl Judged {
    /// Completes `report` (built from the same graph) with everything learned; hands back
    /// the online answers too.
    fn complete(self, mut report: Report) -> (Report, Option<OnlineData>) {
        report.add_facts(self.facts);
        report.add_figures(&self.figures);
        report.set_findings(self.findings, self.suppressed);
        if let Some(data) = &self.online {
            report.summary.warnings.extend(data.warnings.iter().cloned());
        }
        (report, self.online)
    }
}

/// Enrichment, analysis and findings over `graph`.
fn judge(
    opts: &AuditOptions,
    graph: &Graph,
    opened: Option<online::Opened>,
    progress: &dyn Progress,
) -> Result<Judged, AuditError> {
    let trusted = trusted_countries(&opts.config)?;
    // On two cores: the online answers (network or cache) on one thread, the facts that need
    // neither on the other; then attribution, which needs both. The graph analysis goes
    // beside the online answers when there are none to wait for, beside the facts otherwise.
    let asks = opts.online.as_ref().is_some_and(|o| !o.offline);
    let (mut facts, figures, online) = std::thread::scope(|s| {
        let side = s.spawn(|| {
            let online = opts.online.as_ref().map(|o| match opened {
                Some(opened) => online::collect_opened(opened, graph, &opts.kb, o, progress),
                None => online::collect(graph, &opts.kb, o, progress),
            });
            (online, (!asks).then(|| graph_figures(graph, &opts.config)))
        });
        let facts = crate::enrich::base_facts(graph, &opts.kb);
        let here = asks.then(|| graph_figures(graph, &opts.config));
        let (online, there) = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (facts, here.or(there).unwrap_or_default(), online)
    });
    if let Some(data) = &online {
        if opts.require_online && data.failures > 0 {
            return Err(AuditError::Online(data.warnings.clone()));
        }
    }
    let judge = crate::enrich::resolve::Judge {
        trusted: &trusted,
        follow_parent: opts.config.follow_parent,
        overrides: &opts.config.overrides,
    };
    crate::enrich::attribute(&mut facts, graph, &opts.kb, &judge, online.as_ref());
    let ctx = findings::Context {
        graph,
        facts: &facts,
        figures: &figures,
        config: &opts.config,
        today: opts.today,
    };
    let (findings, suppressed) = findings::evaluate(&ctx);
    Ok(Judged { facts, figures, findings, suppressed, online })
}

/// Graph figures with the policy's critical thresholds applied.
pub fn graph_figures(graph: &Graph, config: &Config) -> Vec<GraphFigures> {
    let metrics = analysis::analyse(graph);
    let total = analysis::total_non_roots(&metrics);
    let thresholds = CriticalThresholds {
        dependents_share: config.thresholds.critical_dependents_share,
        dominated_share: config.thresholds.critical_dominated_share,
    };
    metrics
        .iter()
        .map(|m| GraphFigures {
            direct: m.direct,
            depth: m.depth,
            dependents: m.dependents,
            dominated: m.dominated,
            critical: analysis::critical(m, total, &thresholds),
        })
        .collect()
}

/// Reads a file (or standard input for `-`) up to `max` bytes through the guarded reader.
/// Returns the name to use in messages and the bytes.
pub fn read_input(path: &str, max: u64) -> Result<(String, Vec<u8>), InputError> {
    crate::files::read::read(path, crate::files::read::Limit::input(max))
}
