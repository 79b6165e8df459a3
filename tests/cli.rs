//! Command-line behaviour as data: one `tests/cmd/<behaviour>.toml` per case (arguments,
//! standard input, expected output and exit code), run by trycmd against the real binary.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
