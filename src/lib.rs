//! vardlots: a static-site generator for a Swedish region's care-guidance portal.
//!
//! The modules read as the pipeline, in the order [`pipeline`] runs them:
//! `source` (the only reader of the site's files) → `page` (front matter and Markdown, pure)
//! → `site` (the model: URLs, sections, listings, links; no files, no HTML) → `render`
//! (Tera) → `output` (the only writer). Each feature (`unit`, `guide`, `newsletter`,
//! `search`) plugs in through the one [`feature::Feature`] trait.

pub mod calendar;
pub mod config;
pub mod error;
pub mod feature;
pub mod guide;
pub mod headers;
pub mod html_text;
pub mod i18n;
pub mod icons;
pub mod images;
pub mod lint;
pub mod markdown;
pub mod newsletter;
pub mod newsletter_cli;
pub mod newsletter_export;
pub mod newsletter_send;
pub mod outline;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod swar;
pub mod theme;
pub mod unit;
pub mod view;
pub mod watch;
pub mod yaml;
