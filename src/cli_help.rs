//! clap's own words in Vietnamese for `minhbach --help` (the binary's module, declared by
//! `main.rs`, not part of the library).
//!
//! The command line is read before clap parses it: without `--lang en`, the headings of the
//! help pages, the usage line and the help and version flags are in Vietnamese, as every line
//! the program prints. The descriptions of commands and options (doc comments) stay English,
//! and so do clap's own parse errors.

use clap::{Arg, ArgAction, Command};
use std::ffi::OsString;

/// Whether the command line asks for English: `--lang en` or `--lang=en`, anywhere.
pub fn asks_for_english(args: &[OsString]) -> bool {
    args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en")
        || args.iter().any(|a| a == "--lang=en")
}

/// The help pages' layout, with the usage heading in Vietnamese.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// `command` and each of its subcommands with clap's words in Vietnamese.
pub fn vietnamese(command: Command) -> Command {
    let root = command.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("In ra số phiên bản"),
    );
    in_vietnamese(root)
}

fn in_vietnamese(command: Command) -> Command {
    // Under a heading of our own, clap lists arguments by display order, then by name:
    // positional arguments keep their order on the command line.
    let mut position = 0;
    command
        .help_template(TEMPLATE)
        .subcommand_help_heading("Các lệnh")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In ra hướng dẫn sử dụng"),
        )
        .mut_args(|arg| match (arg.is_positional(), arg.get_help_heading()) {
            (_, Some(_)) => arg,
            (true, None) => {
                position += 1;
                arg.help_heading("Đối số").display_order(position)
            }
            (false, None) => arg.help_heading("Tùy chọn"),
        })
        .mut_subcommands(in_vietnamese)
}

#[cfg(test)]
mod tests {
    use super::asks_for_english;
    use std::ffi::OsString;

    #[test]
    fn english_is_asked_for_by_either_spelling_only() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(asks_for_english(&args(&[
            "minhbach", "build", "--lang", "en"
        ])));
        assert!(asks_for_english(&args(&["minhbach", "--lang=en", "check"])));
        assert!(!asks_for_english(&args(&[
            "minhbach", "build", "--lang", "vi"
        ])));
        assert!(!asks_for_english(&args(&["minhbach", "init", "en"])));
    }
}
