//! The command grammar shared by the console and Discord.
//!
//! Every command is described once, in a TOML catalogue (see [`Catalogue`]),
//! and reaches us either as a Discord slash command (already split into
//! options by Discord; the adapter fills [`Args`] with [`Args::insert`]) or as
//! a line of text, which [`parse`] turns into the same [`Invocation`].
//!
//! The text syntax is:
//!
//! ```text
//! line      := ws* "/" command (ws+ sub)? (ws+ argument)* ws*
//! argument  := name ":" value?     -- named
//!            | value               -- positional
//! value     := quoted | bare
//! bare      := any characters up to the next whitespace
//! quoted    := open (escape | any)* close
//! open      := '"' | '“' | '„'
//! close     := '"'                 -- after '"'
//!            | '”' | '"'           -- after '“' or '„'
//! escape    := '\"' | '\\'         -- any other backslash is literal
//! ```
//!
//! For example `/ticket open dept:it title:"Printer \"HP\" down" priority:high`.
//!
//! - Whitespace around the line is ignored; the line must start with `/`.
//! - Command, subcommand and option names match case-insensitively, by their
//!   English `name` or their Romanian `ro_name`.
//! - A closing quote must be followed by whitespace or the end of the line; a
//!   quote that is never closed is an error spanning to the end of the line.
//! - Positional values fill the required options that were not given by name,
//!   in catalogue order, then the optional ones still free (`/help ticket`,
//!   `/ticket list it`); a positional value left over after that is an error.
//! - A bare word with a colon is read as `name:value` only when the part
//!   before the first colon could be an option name: non-empty, made of
//!   ASCII letters, digits, `_` and `-`, and not all digits. So `10:30` and
//!   `ro@x:y` are positional values, while `http://x` is reported as the
//!   unknown option `http`; quoting (`"http://x"`) makes any text positional.
//!   Guessing "not an option, so a value" would hide typos such as
//!   `prio:high`, which is why a plausible name is never taken as a value.
//! - Values are checked against the option's type: text (length limits count
//!   characters), user (`@alice` or `alice`, stored lowercased without `@`),
//!   number (an `i64`; no fractions or exponents), boolean
//!   (`true/false/yes/no/da/nu/1/0`), choice (one of the listed spellings,
//!   stored as the catalogue spells it) and id (`IT-4`, stored uppercased).
//! - An option may be given once. Errors carry byte spans into the original
//!   line; [`ParseError::excerpt`] turns them into a caret marker.

mod builtin;
mod catalogue;
mod error;
mod examples;
mod parse;
mod respell;
mod tokenizer;

pub use builtin::builtin;
pub use catalogue::{
    Catalogue, CatalogueError, CatalogueProblem, CommandSpec, Localized, Named, OptionKind,
    OptionSpec, Spelling, SubSpec,
};
pub use error::{excerpt, ParseError, ParseErrorKind};
pub use parse::{parse, Args, Invocation, Value};

/// A byte range into the parsed line.
pub type Span = std::ops::Range<usize>;
