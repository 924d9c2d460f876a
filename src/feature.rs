//! The one shape every feature of the site (care units, the guide, the newsletter, search)
//! has towards the pipeline: it adds its pages to the documents, prepares its template
//! values against the finished model, registers its template functions, and hands over the
//! files it makes. `pipeline` calls each stage for every feature in turn, so adding a feature
//! is one more value in its list, not new wiring.
//!
//! A feature depends on what is below it (the model, the renderer, the output's `Sink`); what
//! one feature needs of another (the guide, the newsletter and search read the care units)
//! it is given when it is made.

use std::sync::Arc;

use jiff::civil::Date;
use tera::Tera;

use crate::error::{Diagnostic, Error};
use crate::output::Sink;
use crate::page::Document;
use crate::render::Renderer;
use crate::site::Site;
use crate::source::Sources;
use crate::view::Translations;

/// Files a feature makes: (output path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// What every stage of every feature may read.
pub struct Shared<'a> {
    pub translations: &'a Translations,
    /// Every language of the site with its words, the default first (its words are
    /// `translations`).
    pub languages: &'a [(crate::config::Language, Translations)],
    /// The day the care units' calendars start.
    pub build_date: Date,
}

/// A feature's stages, in the order the pipeline runs them. Findings are returned, never
/// printed; all of them are reported together.
pub trait Feature: Send + Sync {
    /// Reads its own files from `sources` and adds or adopts its pages (see
    /// [`Document::adopt_or_add`]).
    fn add_documents(
        &mut self,
        sources: &Sources,
        docs: &mut Vec<Arc<Document>>,
        shared: &Shared<'_>,
    ) -> Vec<Diagnostic>;

    /// Builds its template values against the finished model.
    fn prepare(&mut self, _site: &Site, _shared: &Shared<'_>) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Registers its template functions; Tera needs them before it compiles the templates.
    fn register(&self, tera: &mut Tera);

    /// The files it makes before the pages are written (open data, the newsletter's emails).
    fn emit(&mut self, _renderer: &Renderer) -> (Files, Vec<Diagnostic>) {
        (Vec::new(), Vec::new())
    }

    /// Writes the pages through `render`, seeing them if it needs to: search indexes each
    /// rendered page as it is written, then writes its index after the last one. The
    /// default passes the sink on untouched.
    fn around_render(
        &self,
        _site: &Site,
        sink: &dyn Sink,
        render: &mut dyn FnMut(&dyn Sink) -> Result<(), Error>,
    ) -> Result<(), Error> {
        render(sink)
    }
}
