//! The one driver: input → model → enrich → analysis → policy → report.
//!
//! The binary turns its arguments into [`Options`] and calls [`run`] (or [`run_report`]); the
//! tests and other programs build the same options and call the same functions, so what is
//! tested is what runs.
//!
//! The stages overlap where they can on two cores: the policy and the knowledge base load on
//! one thread while the inputs are read (or `cargo metadata` runs) on the other, and the
//! online cache is opened meanwhile; the online answers are gathered beside the facts that need
//! neither them nor the policy. Data still flows one way: each stage takes what the stages
//! before it produced and nothing else.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::analysis::{self, CriticalThresholds};
use crate::enrich::online::progress::Progress;
use crate::enrich::online::{self, OnlineData, OnlineOptions};
use crate::enrich::{Attributor, PackageFacts};
use crate::error::InputError;
use crate::files::read::{self, Limit};
use crate::input::cargo::{self, CargoOptions};
use crate::kb::base::Kb;
use crate::model::GraphBuilder;
use crate::model::{Graph, GraphFigures};
use crate::policy::config::Config;
use crate::policy::date::Date;
use crate::policy::finding::Finding;
use crate::policy::load::{self, PolicySource};
use crate::policy::{findings, jurisdiction};
use crate::report::Report;

/// Where the policy comes from.
#[derive(Debug, Clone)]
pub enum Policy {
    /// `sovereign.toml` in this folder, else the metadata table of its `Cargo.toml`, else the
    /// defaults.
    Discover(PathBuf),
    /// This policy file.
    File(PathBuf),
    /// This policy, already read (tests, other programs).
    Given(Box<Config>),
}

/// What to audit and how: plain, validated values, settled before any work.
#[derive(Debug, Clone)]
pub struct Options {
    /// How to run `cargo metadata` and which part of the workspace to keep.
    pub cargo: CargoOptions,
    /// A pre-generated `cargo metadata` JSON file (`-` for standard input) instead of running cargo.
    pub metadata: Option<String>,
    /// SBOM files (`-` for standard input). When set, cargo is not run.
    pub sboms: Vec<String>,
    /// Refuse input files larger than this many bytes.
    pub max_input_bytes: u64,
    /// The policy.
    pub policy: Policy,
    /// Knowledge-base files added to the embedded knowledge base, in order.
    pub kb_files: Vec<PathBuf>,
    /// Today, for exception expiry.
    pub today: Date,
    /// The online stage (network and cache, or the cache alone when offline); `None`: neither.
    pub online: Option<OnlineOptions>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cargo: CargoOptions::default(),
            metadata: None,
            sboms: Vec::new(),
            max_input_bytes: read::MAX_INPUT_BYTES,
            policy: Policy::Given(Box::default()),
            kb_files: Vec::new(),
            today: Date::today(),
            online: None,
        }
    }
}

impl Options {
    /// Whether the online stage will ask the services (not only read the cache).
    fn asks_network(&self) -> bool {
        self.online.as_ref().is_some_and(|o| o.network.asks())
    }
}

/// Why an audit could not run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// An input could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The policy or a knowledge-base file is wrong; every problem found.
    #[error("{}", lines(.0))]
    Config(Vec<InputError>),
    /// `--require-online` and some lookups failed: the warnings.
    #[error("online enrichment incomplete (--require-online): {}", .0.join("; "))]
    Online(Vec<String>),
}

/// Several errors as one message, each after the first on its own `error:` line.
fn lines(errors: &[InputError]) -> String {
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    lines.join("\nerror: ")
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
    /// Where the policy came from.
    pub policy: PolicySource,
}

/// Runs the whole pipeline: read, enrich, analyse, judge, report.
pub fn run(opts: &Options, progress: &dyn Progress) -> Result<Audit, PipelineError> {
    let mut loaded = load(opts)?;
    let judged = judge(opts, &mut loaded, progress)?;
    let (report, online) = judged.report(loaded.graph.clone());
    Ok(Audit { graph: loaded.graph, report, online, policy: loaded.policy })
}

/// [`run`] for callers that need only the report: the graph's strings move into it instead
/// of being copied, which keeps a large graph's peak memory down.
pub fn run_report(opts: &Options, progress: &dyn Progress) -> Result<(Report, PolicySource), PipelineError> {
    let mut loaded = load(opts)?;
    let judged = judge(opts, &mut loaded, progress)?;
    let graph = std::mem::take(&mut loaded.graph);
    Ok((judged.report(graph).0, loaded.policy))
}

/// [`run`] on a graph already read (from bytes, say: the fuzz target does this); the inputs
/// the options name are not read.
pub fn run_graph(opts: &Options, graph: Graph, progress: &dyn Progress) -> Result<Audit, PipelineError> {
    let (config, policy, kb) = read_settings(opts)?;
    let trusted = trusted_countries(&config)?;
    let graph = with_declared(graph, &config);
    let opened = opts.online.as_ref().map(|o| online::open(&graph, o));
    let mut loaded = Loaded { config, policy, trusted, kb, graph, opened };
    let judged = judge(opts, &mut loaded, progress)?;
    let (report, online) = judged.report(loaded.graph.clone());
    Ok(Audit { graph: loaded.graph, report, online, policy: loaded.policy })
}

/// Reads every input into one graph (no policy, no knowledge base needed).
pub fn read_graph(opts: &Options) -> Result<Graph, InputError> {
    let metadata = read_metadata_file(opts)?;
    read_graph_from(opts, metadata.as_ref())
}

/// The `--metadata` file's name and bytes, read once (standard input and pipes can be read
/// only once, and the graph may be built from them twice: see [`load`]).
fn read_metadata_file(opts: &Options) -> Result<Option<(String, Vec<u8>)>, InputError> {
    let stdin = opts.metadata.iter().chain(&opts.sboms).filter(|p| *p == "-").count();
    if stdin > 1 {
        return Err(InputError::new(
            "<stdin>",
            "standard input is given as an input more than once; it can be read once",
        ));
    }
    opts.metadata.as_ref().map(|path| read::read(path, Limit::input(opts.max_input_bytes))).transpose()
}

/// Every input into one graph, the `--metadata` file's bytes already read.
fn read_graph_from(opts: &Options, metadata: Option<&(String, Vec<u8>)>) -> Result<Graph, InputError> {
    let mut builder = GraphBuilder::new(opts.cargo.select.include_dev);
    let limit = Limit::input(opts.max_input_bytes);
    if let Some((name, bytes)) = metadata {
        let text = crate::input::text::decode(name, bytes)?;
        let info = cargo::read_metadata(name, text, &opts.cargo.select, false, &mut builder)?;
        builder.add_input(info);
    }
    for path in &opts.sboms {
        let (name, bytes) = read::read(path, limit)?;
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

/// The policy and the knowledge base the options name.
fn read_settings(opts: &Options) -> Result<(Config, PolicySource, Kb), PipelineError> {
    let (config, policy) = read_policy(&opts.policy)?;
    let kb = read_kb(&opts.kb_files)?;
    Ok((config, policy, kb))
}

/// The policy read from where the options say.
pub fn read_policy(policy: &Policy) -> Result<(Config, PolicySource), PipelineError> {
    match policy {
        Policy::Given(config) => Ok(((**config).clone(), PolicySource::Defaults)),
        Policy::File(path) => {
            load::load(Some(path), path.parent().unwrap_or(path)).map_err(PipelineError::Config)
        }
        Policy::Discover(dir) => load::load(None, dir).map_err(PipelineError::Config),
    }
}

/// The embedded knowledge base extended with `files`, in order.
pub fn read_kb(files: &[PathBuf]) -> Result<Kb, PipelineError> {
    let mut kb = Kb::embedded();
    for file in files {
        kb.extend_with_file(file).map_err(PipelineError::Config)?;
    }
    Ok(kb)
}

/// The trusted country codes the policy names (groups expanded).
pub fn trusted_countries(config: &Config) -> Result<BTreeSet<String>, PipelineError> {
    jurisdiction::trusted_countries(config).map_err(PipelineError::Config)
}

/// The root folder of the workspace a `cargo metadata` input describes, when it holds a policy
/// (`sovereign.toml`, or a `Cargo.toml` that may carry one).
fn workspace_policy_dir(graph: &Graph) -> Option<PathBuf> {
    let root = PathBuf::from(graph.inputs.iter().find_map(|i| i.workspace_root.as_deref())?);
    (root.join("sovereign.toml").is_file() || root.join("Cargo.toml").is_file()).then_some(root)
}

/// What the first stages produced: the policy, the knowledge base, the graph, the cache.
struct Loaded {
    config: Config,
    policy: PolicySource,
    trusted: BTreeSet<String>,
    kb: Kb,
    graph: Graph,
    opened: Option<online::Opened>,
}

/// Loads the policy, the knowledge base and the inputs; errors keep their order: policy, then
/// knowledge base, then inputs. The policy comes first (it is quick to read and its `targets`
/// decide which dependencies the graph keeps); then the knowledge base loads while the graph
/// is read. A policy discovered for a `cargo metadata` file is looked for at the audited
/// workspace's root first, so the graph is read before it (and again when that policy names
/// targets).
fn load(opts: &Options) -> Result<Loaded, PipelineError> {
    if let (Policy::Discover(dir), Some(_)) = (&opts.policy, &opts.metadata) {
        // The knowledge base loads on another thread while the graph is read and the policy
        // looked for (a third of a 500-package workspace's audit otherwise).
        return std::thread::scope(|s| {
            let kb = s.spawn(|| read_kb(&opts.kb_files));
            let metadata = read_metadata_file(opts);
            let graph =
                metadata.as_ref().map_err(Clone::clone).and_then(|m| read_graph_from(opts, m.as_ref()));
            let root = graph.as_ref().ok().and_then(workspace_policy_dir);
            let (config, policy) = match root.map(|root| read_policy(&Policy::Discover(root))).transpose()? {
                Some((config, policy)) if policy != PolicySource::Defaults => (config, policy),
                _ => read_policy(&Policy::Discover(dir.clone()))?,
            };
            let kb = kb.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            let trusted = trusted_countries(&config)?;
            let graph = match (with_targets(opts, &config), &metadata) {
                (Some(targeted), Ok(m)) => read_graph_from(&targeted, m.as_ref())?,
                _ => graph?,
            };
            let graph = with_declared(graph, &config);
            let opened = opts.online.as_ref().map(|o| online::open(&graph, o));
            Ok(Loaded { config, policy, trusted, kb, graph, opened })
        });
    }
    let (config, policy) = read_policy(&opts.policy)?;
    let targeted = with_targets(opts, &config);
    let opts_for_graph = targeted.as_ref().unwrap_or(opts);
    let (kb, graph, opened) = std::thread::scope(|s| {
        let kb = s.spawn(|| read_kb(&opts.kb_files));
        let graph = read_graph(opts_for_graph).map(|g| with_declared(g, &config));
        // Reading a Cargo graph takes less time than loading the knowledge base: meanwhile,
        // the cache is opened and the graph's rows read ahead (no network), and, when
        // profiles will be read, the location tables are loaded. A large SBOM takes longer
        // to read than the knowledge base to load: then the cache is opened later, beside
        // the base facts, off the path every other stage waits on.
        let opened = match (&graph, &opts.online) {
            (Ok(g), Some(o)) if !kb.is_finished() => Some(online::open(g, o)),
            _ => None,
        };
        if opts.asks_network() {
            crate::kb::geo::location::warm();
        }
        (kb.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), graph, opened)
    });
    let kb = kb?;
    let trusted = trusted_countries(&config)?;
    let graph = graph?;
    Ok(Loaded { config, policy, trusted, kb, graph, opened })
}

/// The graph with the policy's declared `[[model]]`s as dependencies of its roots.
fn with_declared(graph: Graph, config: &Config) -> Graph {
    graph.with_root_dependencies(config.models.iter().map(|m| m.package()).collect())
}

/// The options with the policy's `targets`, when the policy names some, the command line
/// none, and a Cargo graph is read (an SBOM carries no platform conditions).
fn with_targets(opts: &Options, config: &Config) -> Option<Options> {
    let cargo_input = opts.metadata.is_some() || opts.sboms.is_empty();
    if config.targets.is_empty() || !opts.cargo.select.targets.is_empty() || !cargo_input {
        return None;
    }
    let mut targeted = opts.clone();
    targeted.cargo.select.targets = config.targets.clone();
    Some(targeted)
}

/// What the pipeline learned about a graph, before it becomes a report.
struct Judged {
    facts: Vec<PackageFacts>,
    figures: Vec<GraphFigures>,
    findings: Vec<Finding>,
    suppressed: usize,
    online: Option<OnlineData>,
    /// Exceptions and overrides that match nothing.
    policy_warnings: Vec<String>,
    /// The elephant factor over the dependencies' controllers.
    elephant: Option<usize>,
    /// Each package's dependencies by id, as the report lists them.
    dependencies: Vec<Vec<String>>,
}

impl Judged {
    /// The report of `graph` (the one judged; its strings move into the report) with
    /// everything learned; hands back the online answers too.
    fn report(self, graph: Graph) -> (Report, Option<OnlineData>) {
        let mut report = Report::from_graph_with(graph, self.dependencies);
        report.add_facts(self.facts);
        report.add_figures(&self.figures);
        crate::report::summary::fill(&mut report);
        report.summary.elephant_factor = self.elephant;
        report.set_findings(self.findings, self.suppressed);
        crate::report::score::fill(&mut report);
        report.summary.warnings.extend(self.policy_warnings);
        if let Some(data) = &self.online {
            report.summary.warnings.extend(data.warnings.iter().cloned());
        }
        (report, self.online)
    }
}

/// Enrichment, analysis and findings over the loaded graph.
fn judge(opts: &Options, loaded: &mut Loaded, progress: &dyn Progress) -> Result<Judged, PipelineError> {
    let opened = loaded.opened.take();
    let Loaded { config, kb, graph, trusted, policy, .. } = &*loaded;
    // On two cores: the online answers (network or cache) on one thread, the facts that need
    // neither on the other; then attribution, which needs both. The graph analysis goes
    // beside the online answers when there are none to wait for, beside the facts otherwise.
    let asks = opts.asks_network();
    let (mut facts, figures, online) = std::thread::scope(|s| {
        let side = s.spawn(move || {
            let online = opts.online.as_ref().map(|o| match opened {
                Some(opened) => online::collect_opened(opened, graph, kb, o, progress),
                None => online::collect(graph, kb, o, progress),
            });
            (online, (!asks).then(|| graph_figures(graph, config)))
        });
        let facts = crate::enrich::base_facts(graph, kb);
        let here = asks.then(|| graph_figures(graph, config));
        let (online, there) = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (facts, here.or(there).unwrap_or_default(), online)
    });
    if let (Some(o), Some(data)) = (&opts.online, &online) {
        if o.required && data.failures > 0 {
            return Err(PipelineError::Online(data.warnings.clone()));
        }
    }
    let attributor = Attributor {
        kb,
        overrides: &config.overrides,
        follow_parent: config.follow_parent,
        online: online.as_ref(),
    };
    attributor.attribute(&mut facts, graph);
    jurisdiction::judge(&mut facts, trusted);
    let ctx = findings::Context { graph, facts: &facts, figures: &figures, config, today: opts.today };
    // The report's dependency lists (hundreds of thousands of ids on a large graph) are
    // worked out beside the findings.
    let ((findings, suppressed), dependencies) = std::thread::scope(|s| {
        let lists = s.spawn(|| Report::dependency_lists(graph));
        (findings::evaluate(&ctx), lists.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    let policy_warnings = crate::policy::unmatched::warnings(config, graph, &facts, policy);
    let elephant = elephant_factor(graph, &facts);
    Ok(Judged { facts, figures, findings, suppressed, online, policy_warnings, elephant, dependencies })
}

/// The elephant factor over the controllers of the dependencies (roots left out).
fn elephant_factor(graph: &Graph, facts: &[PackageFacts]) -> Option<usize> {
    let root = graph.root_flags();
    let keys: Vec<Option<String>> = graph
        .packages
        .iter()
        .zip(facts)
        .zip(&root)
        .filter(|(_, &is_root)| !is_root)
        .map(|((p, f), _)| crate::enrich::controller::key(p, f.origin.as_deref()))
        .collect();
    crate::analysis::concentration::elephant_factor(keys.iter().map(Option::as_deref))
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
