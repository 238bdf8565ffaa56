//! `cargo bench`: the stages of the pipeline, one by one, for the example
//! project and for synthetic projects of 100, 1 000 and 10 000 requirements
//! (written into a temporary folder at the start by the generator of
//! `examples/synth.rs`).
//!
//! For each project: `load` (read and parse every file, merge), `check`
//! (every rule over the loaded model, catalogues included), `context`
//! (derive the template contexts of every audience, as the build does),
//! `markdown` (render each document's
//! Markdown template from those contexts), `html` (convert each document's
//! Markdown to sanitised HTML), and `build` (the whole in-memory build of
//! every file as `outsec build` writes it after the check, on every core).
//! `load`, `context` and `build` use every core (as the build does), the
//! others one. Run one project with a
//! filter: `cargo bench -- synth-1000/`.
//!
//! The whole run takes about five minutes; the 10 000-requirement project is
//! sampled only ten times per stage.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use outsec::catalog::Catalogs;
use outsec::documents::{Audience, DOCUMENTS};
use outsec::model::Model;
use outsec::render::Renderer;
use outsec::{catalog, check, derive, load, markdown, pipeline, text};

#[path = "../examples/synth/generator.rs"]
mod generator;

/// Synthetic project sizes, in requirements.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

struct Project {
    name: String,
    dir: PathBuf,
    requirements: usize,
}

fn projects(tmp: &Path) -> Vec<Project> {
    let mut out = vec![Project {
        name: "example".into(),
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs"),
        requirements: 0,
    }];
    for n in SIZES {
        let dir = tmp.join(format!("synth-{n}"));
        generator::write(&dir, &generator::generate(n, generator::DEFAULT_SEED))
            .expect("write the synthetic project");
        out.push(Project {
            name: format!("synth-{n}"),
            dir,
            requirements: n,
        });
    }
    out
}

fn loaded(dir: &Path) -> (Model, Catalogs) {
    let checked = pipeline::load_and_check(dir, &[]).expect("load");
    assert!(
        !checked.has_errors(),
        "{} has errors: {:?}",
        dir.display(),
        checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    (checked.model.expect("model"), checked.catalogs)
}

/// The template context of every audience, made as the build makes them
/// (together, sharing what they have in common).
fn contexts(m: &Model, catalogs: &Catalogs) -> Vec<(Audience, tera::Context)> {
    let mut audiences: Vec<Audience> = DOCUMENTS.iter().map(|d| d.audience).collect();
    audiences.sort();
    audiences.dedup();
    derive::template_contexts(m, catalogs, &audiences)
        .expect("contexts")
        .into_iter()
        .collect()
}

fn markdown_of_every_document(
    contexts: &[(Audience, tera::Context)],
    renderer: &Renderer,
) -> Vec<String> {
    DOCUMENTS
        .iter()
        .map(|doc| {
            let (_, shared) = contexts
                .iter()
                .find(|(a, _)| *a == doc.audience)
                .expect("audience");
            let mut context = shared.clone();
            context.insert("doc", &derive::doc_fields(doc, renderer.messages()));
            text::tidy(
                &renderer
                    .render_context(&format!("{}.md", doc.stem), &context)
                    .expect("render"),
            )
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    for p in projects(tmp.path()) {
        let mut group = c.benchmark_group(&p.name);
        // Stages that take a second or more are timed once per sample.
        if p.requirements >= 10_000 {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(20));
        } else if p.requirements >= 1_000 {
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(20);
            group.measurement_time(Duration::from_secs(5));
        } else {
            group.sample_size(30);
            group.measurement_time(Duration::from_secs(3));
        }
        let (model, catalogs) = loaded(&p.dir);
        let renderer = Renderer::new(None, model.project.language).expect("templates");

        group.bench_function(BenchmarkId::from_parameter("load"), |b| {
            b.iter(|| load::load(black_box(&p.dir)).expect("load"))
        });
        group.bench_function(BenchmarkId::from_parameter("check"), |b| {
            b.iter(|| check::check(black_box(&model), &catalogs))
        });
        group.bench_function(BenchmarkId::from_parameter("context"), |b| {
            b.iter(|| contexts(black_box(&model), &catalogs))
        });
        let shared = contexts(&model, &catalogs);
        group.bench_function(BenchmarkId::from_parameter("markdown"), |b| {
            b.iter(|| markdown_of_every_document(black_box(&shared), &renderer))
        });
        let texts = markdown_of_every_document(&shared, &renderer);
        drop(shared);
        group.bench_function(BenchmarkId::from_parameter("html"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|md| markdown::to_html(black_box(md)).body.len())
                    .sum::<usize>()
            })
        });
        group.bench_function(BenchmarkId::from_parameter("build"), |b| {
            b.iter(|| {
                pipeline::render(black_box(&model), &catalogs, &renderer, &[]).expect("build")
            })
        });
        group.finish();
    }
    // `pipeline::load_and_check` parses the built-in catalogues on every
    // call, outside the `load` and `check` stages above: what that costs.
    c.bench_function("catalogues/builtin", |b| b.iter(catalog::builtin));
}

criterion_group!(benches, stages);
criterion_main!(benches);
