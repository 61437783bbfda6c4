//! One Fluent file on its own, for the tests that check a feature's messages against the file
//! that defines them. Strict where the real catalogue is lenient: a syntax error, a missing
//! message or an argument the message needs but is not given fails the test.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

pub(crate) type Bundle = FluentBundle<FluentResource>;

pub(crate) fn bundle(lang: &str, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{lang} syntax: {errors:?}"));
    let mut bundle = FluentBundle::new(vec![lang.parse().expect("language tag")]);
    // As in the real catalogue: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap();
    bundle
}

/// Message `id` formatted with `args`.
pub(crate) fn render(bundle: &Bundle, id: &str, args: &[(&str, String)]) -> String {
    let lang = &bundle.locales[0];
    let pattern = bundle
        .get_message(id)
        .and_then(|message| message.value())
        .unwrap_or_else(|| panic!("{lang}: no message {id}"));
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
    text.into_owned()
}
