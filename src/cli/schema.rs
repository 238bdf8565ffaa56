//! `outsec schema`

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: &Args) -> Outcome {
    Outcome::default().stdout(crate::schema::input_schema_text())
}
