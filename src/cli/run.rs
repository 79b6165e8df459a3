//! Running the pipeline from the arguments, the way every subcommand that audits does: progress
//! on stderr, then the report's warnings on stderr.

use cargo_sovereign::enrich::online::OnlineOptions;
use cargo_sovereign::pipeline::{self, Audit};
use cargo_sovereign::policy::load::PolicySource;
use cargo_sovereign::report::Report;

use crate::bars::Bars;
use crate::input_args::InputArgs;

/// The whole audit (the graph, the report and the online answers), with these online options
/// instead of the arguments' own.
pub fn audit_with(input: &InputArgs, online: OnlineOptions) -> anyhow::Result<Audit> {
    let mut options = input.to_options();
    options.online = Some(online);
    let audit = pipeline::run(&options, &Bars::new(input.online.quiet))?;
    warn(&audit.report);
    Ok(audit)
}

/// The report alone: the graph is not kept (its strings move into the report).
pub fn report(input: &InputArgs) -> anyhow::Result<(Report, PolicySource)> {
    let (report, policy) = pipeline::run_report(&input.to_options(), &Bars::new(input.online.quiet))?;
    warn(&report);
    Ok((report, policy))
}

/// Prints the report's warnings on stderr.
fn warn(report: &Report) {
    for w in &report.summary.warnings {
        say!("warning: {}", cargo_sovereign::terminal::escape(w));
    }
}
