//! Command-line behaviour as data: one `tests/cmd/<behaviour>.toml` per case (arguments,
//! standard input, expected output and exit code), run by trycmd against the real binary.

#[test]
fn cli_cases() {
    // No case may reach the network or read the developer's own lookup cache.
    let no_cache = std::env::temp_dir().join("cargo-sovereign-tests-no-cache");
    trycmd::TestCases::new()
        .env("SOVEREIGN_OFFLINE", "1")
        .env("SOVEREIGN_CACHE_DIR", no_cache.display().to_string())
        .case("tests/cmd/*.toml");
}
