//! outsec turns the YAML description of an outsourcing project into the
//! security documents IT-Grundschutz asks for.
//!
//! The pipeline, one module per stage:
//! [`load`] → [`check`] → [`derive`] → [`render`] → [`markdown`] → [`output`],
//! put together in [`pipeline`]. A command ends with an [`Outcome`] or an
//! [`Error`]; [`cli`] alone prints them and maps them to the exit code.

pub mod answers;
pub mod award;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod derive;
pub mod diag;
pub mod documents;
pub mod error;
pub mod field;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pack;
pub mod pdf;
pub mod pipeline;
pub mod questionnaire;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod text;
pub mod timings;

pub use error::Error;
pub use report::Outcome;
