//! The width the human report is wrapped to on standard output.
//!
//! Only a terminal has one: there it is `COLUMNS` when set (the user's word, and what a
//! shell sets), else the terminal's own size. A file or a pipe gets none, so its lines stay
//! whole (one finding to a line for grep) and the package table takes a fixed width.

use std::io::IsTerminal;

/// The terminal's width for standard output, or `None` when it is not a terminal.
pub fn stdout() -> Option<usize> {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    let size = terminal_size::terminal_size_of(&stdout).map(|(w, _)| usize::from(w.0));
    Some(of_terminal(std::env::var("COLUMNS").ok().as_deref(), size))
}

/// A terminal's width from `COLUMNS` (when a positive number) or its `size`, else 80.
fn of_terminal(columns: Option<&str>, size: Option<usize>) -> usize {
    columns.and_then(|c| c.trim().parse::<usize>().ok()).or(size).filter(|&w| w > 0).unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_first_then_the_terminal_then_80() {
        assert_eq!(of_terminal(Some("132"), Some(100)), 132);
        assert_eq!(of_terminal(Some("wide"), Some(100)), 100);
        assert_eq!(of_terminal(None, Some(100)), 100);
        assert_eq!(of_terminal(None, None), 80);
        assert_eq!(of_terminal(Some("0"), None), 80);
    }
}
