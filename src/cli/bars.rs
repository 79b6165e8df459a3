//! Progress of the online lookups on stderr: bars on a terminal, plain lines otherwise,
//! nothing with `--quiet`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use cargo_sovereign::enrich::online::progress::Progress;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
pub enum Bars {
    /// Nothing.
    Quiet,
    /// One line when a source starts and one when it ends.
    Lines,
    /// A bar per source.
    Terminal(MultiProgress, Mutex<BTreeMap<String, ProgressBar>>),
}

impl Bars {
    /// Bars when stderr is a terminal, lines otherwise, nothing when `quiet`.
    pub fn new(quiet: bool) -> Bars {
        if quiet {
            Bars::Quiet
        } else if std::io::stderr().is_terminal() {
            Bars::Terminal(
                MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
                Mutex::new(BTreeMap::new()),
            )
        } else {
            Bars::Lines
        }
    }

    fn bar(&self, source: &str) -> Option<ProgressBar> {
        match self {
            Bars::Terminal(_, bars) => bars.lock().ok()?.get(source).cloned(),
            _ => None,
        }
    }
}

impl Progress for Bars {
    fn start(&self, source: &str, total: usize) {
        if total == 0 {
            return;
        }
        match self {
            Bars::Quiet => {}
            Bars::Lines => say!("looking up {source}: {total}"),
            Bars::Terminal(multi, bars) => {
                let bar = multi.add(ProgressBar::new(total as u64));
                let style = ProgressStyle::with_template("{prefix:>16} {bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                bar.set_prefix(source.to_string());
                bar.enable_steady_tick(Duration::from_millis(200));
                if let Ok(mut b) = bars.lock() {
                    b.insert(source.to_string(), bar);
                }
            }
        }
    }

    fn advance(&self, source: &str) {
        if let Some(bar) = self.bar(source) {
            bar.set_message("");
            bar.inc(1);
        }
    }

    fn waiting(&self, source: &str, seconds: u64) {
        match self {
            Bars::Quiet => {}
            Bars::Lines => say!("{source}: waiting {seconds} s for the rate limit to reset"),
            Bars::Terminal(..) => {
                if let Some(bar) = self.bar(source) {
                    bar.set_message(format!("rate limit: waiting {seconds} s"));
                }
            }
        }
    }

    fn start_bytes(&self, what: &str, name: &str, total: Option<u64>) {
        match self {
            Bars::Quiet => {}
            // A download is said (it takes a while); a local file is not.
            Bars::Lines if name.starts_with("http://") || name.starts_with("https://") => {
                let size = total.map(|n| format!(" ({})", indicatif::HumanBytes(n))).unwrap_or_default();
                say!("downloading {}{size}", cargo_sovereign::terminal::escape(name));
            }
            Bars::Lines => {}
            Bars::Terminal(multi, bars) => {
                let (bar, template) = match total {
                    Some(n) => {
                        (ProgressBar::new(n), "{prefix:>16} {bar:30} {bytes}/{total_bytes} {bytes_per_sec}")
                    }
                    None => (ProgressBar::new_spinner(), "{prefix:>16} {spinner} {bytes} {bytes_per_sec}"),
                };
                let bar = multi.add(bar);
                bar.set_style(
                    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_prefix(what.to_string());
                bar.enable_steady_tick(Duration::from_millis(200));
                if let Ok(mut b) = bars.lock() {
                    b.insert(what.to_string(), bar);
                }
            }
        }
    }

    fn bytes(&self, what: &str, done: u64) {
        if let Some(bar) = self.bar(what) {
            bar.set_position(done);
        }
    }

    fn finish(&self, source: &str) {
        match self {
            Bars::Lines => {}
            _ => {
                if let Some(bar) = self.bar(source) {
                    bar.finish();
                }
            }
        }
    }
}
