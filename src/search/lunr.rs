//! The plain elasticlunr index (`search/elasticlunr.json`), for tools that read that format
//! (elasticlunr.js with lunr-languages, as Zola and mdBook use it). Written only when
//! `site.yaml` has `search: { elasticlunr: true }`: it holds the whole index in one file.

use elasticlunr::IndexBuilder;

/// `pages`: (address, title, plain text). The address is the document's `ref`; documents are
/// not stored, as in mdBook's default (`search.copy-js`) the results show titles only.
pub fn index(language: &str, pages: &[(String, String, String)]) -> Vec<u8> {
    let lang: Box<dyn elasticlunr::Language> = match language {
        "en" => Box::new(elasticlunr::lang::English::new()),
        "fi" => Box::new(elasticlunr::lang::Finnish::new()),
        _ => Box::new(elasticlunr::lang::Swedish::new()),
    };
    let mut index = IndexBuilder::with_language(lang)
        .save_docs(false)
        .add_fields(["title", "body"])
        .build();
    for (path, title, body) in pages {
        index.add_doc(path, [title.as_str(), body.as_str()]);
    }
    let mut bytes = index.to_json().into_bytes();
    bytes.push(b'\n');
    bytes
}
