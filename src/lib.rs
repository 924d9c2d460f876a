//! vardlots: a static-site generator for a Swedish region's care-guidance portal.
//!
//! The modules read as the pipeline, in the order [`pipeline`] runs them:
//! `source` (the only reader of the site's files) → `page` (front matter and Markdown, pure)
//! → `site` (the model: URLs, sections, listings, links; no files, no HTML) → `render`
//! (Tera) → `output` (the only writer).

pub mod calendar;
pub mod error;
pub mod unit;
pub mod yaml;
