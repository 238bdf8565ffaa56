//! `outsec schema`

use super::exit;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: &Args) -> i32 {
    print!("{}", crate::schema::input_schema_text());
    exit::OK
}
