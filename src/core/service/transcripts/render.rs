//! A [`History`] as its reader reads it — their language and zone, their copy — written
//! twice from one outline: a Markdown file and a self-contained HTML page (inline CSS, no
//! external resources). Everything people wrote is escaped for the format it goes into, so a
//! title saying `<script>` stays text.

use chrono_tz::Tz;

use super::history::{Copy, Entry, Happening, History};
use crate::core::domain::escalation::Escalation;
use crate::core::domain::task::Task;
use crate::core::service::escalations::card::note;
use crate::core::service::ratings;
use crate::core::service::tickets::clock_text;
use crate::core::time::local;
use crate::i18n::{Locale, Msg};

/// The two files of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub markdown: String,
    pub html: String,
}

pub fn files(history: &History, copy: Copy, locale: Locale, tz: Tz) -> Files {
    let outline = outline(history, copy, locale, tz);
    Files {
        markdown: markdown(&outline),
        html: html(&outline, locale),
    }
}

/// What both files say, in order: already in the reader's words, not yet escaped.
struct Outline {
    title: String,
    notes: Vec<String>,
    facts: Vec<(String, String)>,
    sections: Vec<Section>,
}

struct Section {
    heading: String,
    items: Vec<Item>,
}

/// A line of a section: when (if it is an event), what, and text quoted under it.
struct Item {
    when: Option<String>,
    text: String,
    quote: Option<String>,
    internal: bool,
}

impl Item {
    fn line(text: String) -> Item {
        Item {
            when: None,
            text,
            quote: None,
            internal: false,
        }
    }
}

fn outline(h: &History, copy: Copy, locale: Locale, tz: Tz) -> Outline {
    let t = &h.ticket;
    let text = |msg: Msg| msg.render(locale);
    let label = |id: &'static str| Msg::new(id).render(locale);
    let mut facts = vec![
        (label("field-department"), h.dept_name.clone()),
        (label("field-requester"), format!("@{}", t.requester)),
        (label("field-opened"), local(t.created_at, tz)),
        (label("field-priority"), text(t.priority.label())),
        (label("field-status"), text(t.status.label())),
        (
            label("field-assignee"),
            t.assignee
                .as_ref()
                .map_or_else(|| label("none"), |a| format!("@{a}")),
        ),
    ];
    if let Some(customer) = &t.customer {
        facts.push((label("field-customer"), customer.to_string()));
    }
    if let Some(resolution) = &t.resolution {
        facts.push((label("field-resolution"), resolution.to_string()));
    }
    let copy_note = match copy {
        Copy::Staff => "transcript-copy-staff",
        Copy::Requester => "transcript-copy-requester",
    };
    let mut sections = Vec::new();
    if let Some(details) = &t.details {
        sections.push(Section {
            heading: label("transcript-section-details"),
            items: vec![Item::line(details.to_string())],
        });
    }
    let opened = Item {
        when: Some(local(t.created_at, tz)),
        text: text(Msg::new("transcript-opened").arg("by", format!("@{}", t.requester))),
        quote: None,
        internal: false,
    };
    let history = std::iter::once(opened).chain(h.entries_for(copy).map(|e| entry(e, locale, tz)));
    sections.push(Section {
        heading: label("transcript-section-history"),
        items: history.collect(),
    });
    let sla = h.sla.iter().map(|(clock, state)| {
        Item::line(format!(
            "{}: {}",
            text(clock.label()),
            text(clock_text(*state, h.made_at, tz))
        ))
    });
    sections.push(Section {
        heading: label("transcript-section-sla"),
        items: sla.collect(),
    });
    if copy == Copy::Staff {
        sections.push(Section {
            heading: label("transcript-section-escalations"),
            items: h
                .escalations
                .iter()
                .map(|e| Item::line(text(escalation(e, tz))))
                .collect(),
        });
        sections.push(Section {
            heading: label("transcript-section-tasks"),
            items: h
                .tasks
                .iter()
                .map(|task| Item::line(text(linked_task(task, tz))))
                .collect(),
        });
    }
    sections.push(Section {
        heading: label("transcript-section-rating"),
        items: ratings::lines(&h.ratings, locale, tz)
            .into_iter()
            .map(Item::line)
            .collect(),
    });
    sections.retain(|s| !s.items.is_empty());
    Outline {
        title: text(
            Msg::new("transcript-title")
                .arg("id", t.id.to_string())
                .arg("title", t.title.clone()),
        ),
        notes: vec![
            text(Msg::new("transcript-made").arg("at", local(h.made_at, tz))),
            label(copy_note),
        ],
        facts,
        sections,
    }
}

fn entry(e: &Entry, locale: Locale, tz: Tz) -> Item {
    let by = who(&e.by).render(locale);
    let (msg, quote) = match &e.what {
        Happening::Claimed => (Msg::new("transcript-claimed").arg("by", by), None),
        Happening::Comment { text, internal } => {
            let id = if *internal {
                "transcript-comment-internal"
            } else {
                "transcript-comment"
            };
            (Msg::new(id).arg("by", by), Some(text.clone()))
        }
        Happening::Status { from, to, note } => (
            Msg::new("transcript-status")
                .arg("by", by)
                .arg("from", from.label())
                .arg("to", to.label()),
            note.clone(),
        ),
        Happening::Assigned { to } => (
            Msg::new("transcript-assigned")
                .arg("by", by)
                .arg("to", to.as_str()),
            None,
        ),
        Happening::Priority { from, to } => (
            Msg::new("transcript-priority")
                .arg("by", by)
                .arg("from", from.label())
                .arg("to", to.label()),
            None,
        ),
        Happening::SlaWarning { clock } => (
            Msg::new("transcript-sla-warning").arg("clock", clock.label()),
            None,
        ),
        Happening::SlaBreach { clock } => (
            Msg::new("transcript-sla-breach").arg("clock", clock.label()),
            None,
        ),
    };
    Item {
        when: Some(local(e.at, tz)),
        text: msg.render(locale),
        quote,
        internal: e.what.staff_only(),
    }
}

/// `@alice`, or opsdesk itself.
fn who(actor: &str) -> Msg {
    if actor.starts_with("system:") {
        Msg::new("transcript-by-system")
    } else {
        Msg::new("transcript-by-member").arg("handle", actor)
    }
}

fn escalation(e: &Escalation, tz: Tz) -> Msg {
    Msg::new("transcript-escalation")
        .arg("id", e.id.to_string())
        .arg("by", who(&e.raised_by.to_string()))
        .arg("at", local(e.created_at, tz))
        .arg("level", e.level + 1)
        .arg("status", e.status.label())
        .arg("reason", note(&e.reason, e))
}

fn linked_task(task: &Task, tz: Tz) -> Msg {
    Msg::new("transcript-task")
        .arg("id", task.id.to_string())
        .arg("title", task.title.clone())
        .arg("assignee", task.assignee.as_str())
        .arg("status", task.status.label())
        .arg("due", local(task.due, tz))
}

fn markdown(o: &Outline) -> String {
    let mut out = format!("# {}\n\n", md(&o.title));
    for note in &o.notes {
        out.push_str(&format!("_{}_\n\n", md(note)));
    }
    for (label, value) in &o.facts {
        out.push_str(&format!("- **{}:** {}\n", md(label), md(value)));
    }
    for section in &o.sections {
        out.push_str(&format!("\n## {}\n\n", md(&section.heading)));
        for item in &section.items {
            let mut line = String::from("- ");
            if let Some(when) = &item.when {
                line.push_str(&format!("**{}** — ", md(when)));
            }
            // A hard line break, indented, keeps a long text's lines in its list item.
            line.push_str(&md(&item.text).replace('\n', "  \n  "));
            out.push_str(&line);
            out.push('\n');
            if let Some(quote) = &item.quote {
                for quoted in quote.lines() {
                    out.push_str(&format!("  > {}\n", md(quoted)));
                }
            }
        }
    }
    out
}

/// Text that Markdown shows as written: its punctuation that could start emphasis, a link,
/// a heading, a table or raw HTML is escaped with a backslash.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inline, so that the page needs nothing but itself.
const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;\
padding:0 1rem;color:#1f2328;line-height:1.5}h1{font-size:1.5rem}h2{font-size:1.15rem;\
border-bottom:1px solid #d0d7de;margin-top:2rem}.note{color:#59636e;font-style:italic;margin:0}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}\
dd{margin:0}ul{padding-left:1.2rem}li{margin:.4rem 0;white-space:pre-line}time{font-weight:600}\
blockquote{margin:.25rem 0 0;padding-left:.75rem;border-left:3px solid #d0d7de;\
white-space:pre-wrap}.internal{background:#fff8c5}";

fn html(o: &Outline, locale: Locale) -> String {
    let lang = match locale {
        Locale::En => "en",
        Locale::Ro => "ro",
    };
    let title = esc(&o.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    for note in &o.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(note)));
    }
    out.push_str("<dl>\n");
    for (label, value) in &o.facts {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), esc(value)));
    }
    out.push_str("</dl>\n");
    for section in &o.sections {
        out.push_str(&format!("<h2>{}</h2>\n<ul>\n", esc(&section.heading)));
        for item in &section.items {
            let class = if item.internal {
                " class=\"internal\""
            } else {
                ""
            };
            out.push_str(&format!("<li{class}>"));
            if let Some(when) = &item.when {
                out.push_str(&format!("<time>{}</time> — ", esc(when)));
            }
            out.push_str(&esc(&item.text));
            if let Some(quote) = &item.quote {
                out.push_str(&format!("<blockquote>{}</blockquote>", esc(quote)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Text as HTML shows it, never as markup.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::domain::ids::Handle;
    use crate::core::domain::sla::{ClockState, SlaClock};
    use crate::core::domain::text::Title;
    use crate::core::domain::ticket::{Priority, Status, Ticket};

    fn history() -> History {
        let at = |s: &str| s.parse().unwrap();
        let mut ticket = Ticket::new(
            "IT-4".parse().unwrap(),
            Title::parse("title", "<script>alert(1)</script> Printer").unwrap(),
            Priority::High,
            Handle::parse("frank").unwrap(),
            at("2026-12-07T08:00:00Z"),
        );
        ticket.status = Status::Closed;
        ticket.assignee = Some(Handle::parse("alice").unwrap());
        let entry = |when: &str, by: &str, what| Entry {
            at: at(when),
            by: by.into(),
            what,
        };
        History {
            ticket,
            dept_name: "IT".into(),
            entries: vec![
                entry(
                    "2026-12-07T08:10:00Z",
                    "alice",
                    Happening::Comment {
                        text: "Toner <b>ordered</b>\nsecond line".into(),
                        internal: false,
                    },
                ),
                entry(
                    "2026-12-07T08:20:00Z",
                    "alice",
                    Happening::Comment {
                        text: "Vendor is slow".into(),
                        internal: true,
                    },
                ),
                entry(
                    "2026-12-07T09:00:00Z",
                    "alice",
                    Happening::Status {
                        from: Status::InProgress,
                        to: Status::Resolved,
                        note: Some("Replaced".into()),
                    },
                ),
                entry(
                    "2026-12-07T09:30:00Z",
                    "system:scheduler",
                    Happening::SlaWarning {
                        clock: SlaClock::Resolution,
                    },
                ),
            ],
            sla: vec![(
                SlaClock::FirstResponse,
                ClockState::Met {
                    at: at("2026-12-07T08:10:00Z"),
                    on_time: true,
                },
            )],
            escalations: Vec::new(),
            tasks: Vec::new(),
            ratings: Vec::new(),
            made_at: at("2026-12-07T10:00:00Z"),
        }
    }

    #[test]
    fn people_s_text_is_escaped_in_both_files() {
        let files = files(
            &history(),
            Copy::Staff,
            Locale::En,
            chrono_tz::Europe::Bucharest,
        );
        assert!(!files.html.contains("<script>"), "{}", files.html);
        assert!(files
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Printer"));
        assert!(files.html.contains("Toner &lt;b&gt;ordered&lt;/b&gt;"));
        assert!(!files.markdown.contains("<script>"), "{}", files.markdown);
        assert!(files
            .markdown
            .contains(r"# Transcript of IT-4 · \<script\>alert(1)\</script\> Printer"));
        assert!(files
            .markdown
            .contains("  > Toner \\<b\\>ordered\\</b\\>\n  > second line\n"));
        // Self-contained: no links, scripts or stylesheets from elsewhere.
        for outside in ["http", "<script", "<link", "src="] {
            assert!(!files.html.contains(outside), "{outside}");
        }
    }

    #[test]
    fn the_requester_s_copy_leaves_internal_comments_and_staff_notices_out() {
        let tz = chrono_tz::Europe::Bucharest;
        let staff = files(&history(), Copy::Staff, Locale::En, tz);
        let requester = files(&history(), Copy::Requester, Locale::En, tz);
        for file in [&staff.markdown, &staff.html] {
            assert!(file.contains("Vendor is slow"), "{file}");
            assert!(file.contains("SLA warning"), "{file}");
        }
        assert!(staff.html.contains("class=\"internal\""));
        for file in [&requester.markdown, &requester.html] {
            assert!(!file.contains("Vendor is slow"), "{file}");
            assert!(!file.contains("SLA warning"), "{file}");
            assert!(file.contains("Toner"), "{file}");
            assert!(file.contains("Replaced"), "{file}");
        }
    }

    #[test]
    fn a_romanian_reader_gets_romanian_words_and_times_in_their_zone() {
        let files = files(
            &history(),
            Copy::Requester,
            Locale::Ro,
            chrono_tz::Europe::Bucharest,
        );
        assert!(files
            .html
            .starts_with("<!DOCTYPE html>\n<html lang=\"ro\">"));
        assert!(
            files.markdown.contains("**2026-12-07 10:10 EET**"),
            "{}",
            files.markdown
        );
        assert!(files.markdown.contains("## Istoric"), "{}", files.markdown);
    }
}
