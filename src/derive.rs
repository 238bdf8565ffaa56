//! Derive: turn the checked model into the context a document template sees.
//!
//! The context holds only what the document's audience may read: for a
//! bidder or provider document every item marked `internal: true`, every
//! internal field and the whole `evaluation` section are removed first.
//! Templates therefore cannot leak what they never receive.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};
use tera::value::Key;

use crate::catalog::Catalogs;
use crate::documents::{Audience, Document};
use crate::model::Model;
use crate::model::contract::Topic;
use crate::model::project::{Control, DocumentName, Revision};
use crate::model::requirements::Category;
use crate::model::types::Frequency;

/// The fields marked `@internal` on the model's types, as a tree of field
/// names from the model's root: a node that is `cut` is removed with all it
/// holds from every outward context.
#[derive(Default)]
struct Internal {
    cut: bool,
    below: BTreeMap<String, Internal>,
}

/// Below a field that holds no internal field.
static NOTHING_INTERNAL: Internal = Internal {
    cut: false,
    below: BTreeMap::new(),
};

impl Internal {
    /// The tree of [`crate::model::visit::internal_fields`], made once.
    fn declared() -> &'static Internal {
        static TREE: std::sync::OnceLock<Internal> = std::sync::OnceLock::new();
        TREE.get_or_init(|| {
            let mut tree = Internal::default();
            for path in crate::model::visit::internal_fields() {
                let node = path.split('.').fold(&mut tree, |node, name| {
                    node.below.entry(name.into()).or_default()
                });
                node.cut = true;
            }
            tree
        })
    }

    /// The node of the field `key` below this one.
    fn child(&self, key: &Key<'_>) -> &Internal {
        key.as_str()
            .and_then(|k| self.below.get(k))
            .unwrap_or(&NOTHING_INTERNAL)
    }
}

/// Which documents use a requirement, and where.
#[derive(Default, Serialize)]
struct Trace {
    clauses: Vec<String>,
    measures: Vec<String>,
    scenarios: Vec<String>,
    checks: Vec<String>,
    acceptance: Vec<String>,
    award_criteria: Vec<String>,
    questions: Vec<String>,
}

/// The `doc` object of a document's context: stem, title in the project's
/// language, audience and the guidance it serves.
pub fn doc_fields(doc: &Document, messages: &crate::i18n::Messages) -> Value {
    let title_key = if doc.stem == "cover" && doc.audience == Audience::BidderNda {
        "doc.cover-nda".to_string()
    } else if doc.participation {
        format!("doc.{}-participation", doc.stem)
    } else {
        format!("doc.{}", doc.stem)
    };
    let title = Some(messages.text(&title_key))
        .filter(|t| !t.is_empty())
        .unwrap_or(doc.title);
    let stage = if doc.participation {
        "participation"
    } else {
        "bids"
    };
    json!({ "stem": doc.stem, "title": title, "audience": doc.audience, "serves": doc.serves, "stage": stage })
}

/// The entry of `project.documents` and of a revision's `documents` that
/// `doc` answers to: its own, or for the cover pages of the tender pack the
/// tender's (public pack) or the NDA part's (NDA pack).
pub fn document_name(doc: &Document) -> Option<DocumentName> {
    match (doc.stem, doc.audience) {
        ("cover", Audience::BidderNda) => Some(DocumentName::TenderNda),
        ("cover", _) => Some(DocumentName::Tender),
        (stem, _) => DocumentName::from_stem(stem),
    }
}

/// Whether a document for `audience` about `name`, dated `date`, shows the
/// revision `r`: an internal revision only in internal documents, only
/// revisions that concern the document, and in a document for bidders none
/// dated after the document itself (what happened after a tender was
/// released is not part of it).
pub fn shows_revision(
    model: &Model,
    r: &Revision,
    name: DocumentName,
    audience: Audience,
    date: crate::model::types::Date,
) -> bool {
    (!r.internal || audience == Audience::Internal)
        && model.project.concerns(r, name)
        && (!matches!(audience, Audience::Bidder | Audience::BidderNda) || r.date <= date)
}

/// What the document-control block of `doc` shows: its version, date and
/// status (its own, see `Project::control`) and the revisions it shows
/// (see [`shows_revision`]).
pub fn document_control<'m>(model: &'m Model, doc: &Document) -> (Control<'m>, Vec<&'m Revision>) {
    let p = &model.project;
    let Some(name) = document_name(doc) else {
        let control = Control {
            version: &p.version,
            date: p.date,
            status: p.status.value,
            entry: None,
        };
        let revisions = p
            .revisions
            .iter()
            .filter(|r| !r.internal || doc.audience == Audience::Internal)
            .collect();
        return (control, revisions);
    };
    let control = p.control(name);
    let revisions = p
        .revisions
        .iter()
        .filter(|r| shows_revision(model, r, name, doc.audience, control.date))
        .collect();
    (control, revisions)
}

/// The `project` of a document's context: its audience's (`shared`), with
/// `version`, `date`, `status` and `revisions` those of the document (see
/// [`document_control`]), so that no template, the user's included, can
/// show a document another document's version or a revision that is not
/// its own.
pub fn project_of(
    shared: &tera::Context,
    model: &Model,
    doc: &Document,
) -> tera::TeraResult<tera::Value> {
    #[derive(Serialize)]
    struct Own<'a> {
        version: &'a str,
        date: crate::model::types::Date,
        status: crate::model::project::Status,
        revisions: Vec<&'a Revision>,
    }
    let (control, revisions) = document_control(model, doc);
    let own = teravalue(&Own {
        version: control.version,
        date: control.date,
        status: control.status,
        revisions,
    })?;
    let project = shared
        .get("project")
        .cloned()
        .unwrap_or_else(|| tera::Value::from(tera::Map::new()));
    Ok(edit_map(&project, |map| {
        for (key, value) in own.as_map().into_iter().flatten() {
            map.insert(key.clone(), value.clone());
        }
    }))
}

/// The template engine's context for one audience (see [`template_contexts`]).
pub fn template_context(
    model: &Model,
    catalogs: &Catalogs,
    audience: Audience,
) -> tera::TeraResult<tera::Context> {
    Ok(template_contexts(model, catalogs, &[audience])?
        .remove(&audience)
        .unwrap_or_default())
}

/// The template engine's contexts of several audiences: the model's
/// sections that the audience may read, what is derived from them (traces,
/// DORA points, the questionnaire, and for internal documents the award and
/// catalogue coverage), and the lookups and groupings the templates use
/// (`requirement[id]`, `party[id]`, `requirements_by_category`, …).
///
/// Tera shares lists and maps by reference count, and the contexts are made
/// so that they share as much as they can: the model is converted once, the
/// outward audiences' sections are that conversion with internal items and
/// fields cut out (every unchanged item is shared, not copied), the public
/// bidders' differ from those only in the NDA material, and the lookups and
/// groupings hold the items themselves. For 10 000 requirements, converting
/// each audience's data on its own took three quarters of a second and
/// 180 MB.
pub fn template_contexts(
    model: &Model,
    catalogs: &Catalogs,
    audiences: &[Audience],
) -> tera::TeraResult<BTreeMap<Audience, tera::Context>> {
    let internal = audiences.contains(&Audience::Internal);
    let outward = audiences.iter().any(|a| *a != Audience::Internal);
    let extras = |audience: Audience| {
        crate::timings::part("context: derived", || derived(model, catalogs, audience))
    };
    let ((sections, common), (internal_extras, outward_extras)) = rayon::join(
        || {
            rayon::join(
                || {
                    crate::timings::part("context: model", || {
                        tera::Value::try_from_serializable(model)
                    })
                },
                || crate::timings::part("context: common", || common(model)),
            )
        },
        || {
            rayon::join(
                || internal.then(|| extras(Audience::Internal)).transpose(),
                || outward.then(|| extras(Audience::Provider)).transpose(),
            )
        },
    );
    let common = common?;
    let sections = sections?;
    let context = |sections: &tera::Value,
                   views: &Entries,
                   extras: &[(String, tera::Value)],
                   audience: Audience|
     -> tera::TeraResult<tera::Context> {
        let mut ctx = tera::Context::new();
        for (key, value) in sections.as_map().into_iter().flatten() {
            if let Some(key) = key.as_str() {
                ctx.insert_value(key.to_string(), value.clone());
            }
        }
        for (key, value) in common.iter().chain(views).chain(extras) {
            ctx.insert_value(key.clone(), value.clone());
        }
        ctx.insert_value(
            "classification",
            tera::Value::from(marking(model, audience).to_string()),
        );
        Ok(ctx)
    };

    // The sections each audience reads, and their lookups and groupings:
    // once for each distinct set of sections, the internal one beside the
    // outward ones.
    let views_of =
        |sections: &tera::Value| crate::timings::part("context: views", || views(sections));
    let (internal_views, outward) = rayon::join(
        || internal.then(|| views_of(&sections)).transpose(),
        || -> tera::TeraResult<_> {
            if !outward {
                return Ok(None);
            }
            let shared = crate::timings::part("context: redact", || outward_sections(&sections));
            let public = audiences
                .contains(&Audience::Bidder)
                .then(|| crate::timings::part("context: redact", || withhold_nda(&shared)));
            let (shared_views, public_views) = rayon::join(
                || views_of(&shared),
                || public.as_ref().map(views_of).transpose(),
            );
            Ok(Some((shared, shared_views?, public.zip(public_views?))))
        },
    );

    let mut out = BTreeMap::new();
    if let (Some(extras), Some(views)) = (internal_extras?, internal_views?) {
        out.insert(
            Audience::Internal,
            context(&sections, &views, &extras, Audience::Internal)?,
        );
    }
    if let (Some(extras), Some((shared, shared_views, public))) = (outward_extras?, outward?) {
        for &audience in audiences.iter().filter(|a| **a != Audience::Internal) {
            let (sections, views) = match (&public, audience) {
                (Some((public, views)), Audience::Bidder) => (public, views),
                _ => (&shared, &shared_views),
            };
            out.insert(audience, context(sections, views, &extras, audience)?);
        }
    }
    Ok(out)
}

/// The sections an outward audience may read: internal items, and every
/// field marked `@internal` on the model (such as `evaluation`, the strategy
/// apart from its scope, requirement `rationale`s), removed.
fn outward_sections(sections: &tera::Value) -> tera::Value {
    redact(sections, Internal::declared()).unwrap_or_else(|| sections.clone())
}

/// For the public tender: the text of requirements marked `nda: true` and
/// the content of NDA items stay in the NDA part.
fn withhold_nda(sections: &tera::Value) -> tera::Value {
    let hide = |list: &tera::Value, nda_only: bool, fields: &'static [&'static str]| {
        let items: Vec<tera::Value> = list
            .as_array()
            .unwrap_or_default()
            .iter()
            .map(|item| {
                let nda = item.get_from_path("nda").and_then(tera::Value::as_bool) == Some(true);
                if nda_only && !nda {
                    item.clone()
                } else {
                    edit_map(item, |m| {
                        fields.iter().for_each(|f| drop(m.remove(&Key::Str(f))))
                    })
                }
            })
            .collect();
        tera::Value::from(items)
    };
    edit_map(sections, |map| {
        if let Some(reqs) = map.get(&Key::Str("requirements")) {
            let reqs = hide(reqs, true, &["text", "evidence"]);
            map.insert(Key::Str("requirements"), reqs);
        }
        if let Some(tender) = map.get(&Key::Str("tender")) {
            let tender = edit_map(tender, |t| {
                if let Some(items) = t.get(&Key::Str("nda_items")) {
                    let items = hide(items, false, &["content"]);
                    t.insert(Key::Str("nda_items"), items);
                }
            });
            map.insert(Key::Str("tender"), tender);
        }
    })
}

/// A copy of a map value with `edit` applied (the copy is shallow: the
/// entries are shared). Anything but a map is returned as it is.
fn edit_map(value: &tera::Value, edit: impl FnOnce(&mut tera::Map)) -> tera::Value {
    match value.as_map() {
        Some(map) => {
            let mut map = map.clone();
            edit(&mut map);
            tera::Value::from(map)
        }
        None => value.clone(),
    }
}

/// Removes internal items (`internal: true`) at any depth, and the
/// internal fields of `at` (the place of `value` in the tree of internal
/// fields; list levels do not move in it); `None` when there is nothing to
/// remove, so that the caller shares the value instead of copying it.
fn redact(value: &tera::Value, at: &Internal) -> Option<tera::Value> {
    if let Some(items) = value.as_array() {
        let internal = |item: &tera::Value| {
            item.get_from_path("internal")
                .and_then(tera::Value::as_bool)
                == Some(true)
        };
        let changed: Vec<Option<tera::Value>> = items
            .iter()
            .map(|item| {
                if internal(item) {
                    None
                } else {
                    redact(item, at)
                }
            })
            .collect();
        if !items.iter().any(internal) && changed.iter().all(Option::is_none) {
            return None;
        }
        let kept: Vec<tera::Value> = items
            .iter()
            .zip(changed)
            .filter(|(item, _)| !internal(item))
            .map(|(item, new)| new.unwrap_or_else(|| item.clone()))
            .collect();
        return Some(tera::Value::from(kept));
    }
    let map = value.as_map()?;
    let mut changed: Vec<(Key<'static>, tera::Value)> = Vec::new();
    let mut cut = false;
    for (key, entry) in map {
        let below = at.child(key);
        if below.cut {
            cut = true;
        } else if let Some(new) = redact(entry, below) {
            changed.push((key.clone(), new));
        }
    }
    if changed.is_empty() && !cut {
        return None;
    }
    let mut map = map.clone();
    map.retain(|k, _| !at.child(k).cut);
    for (key, new) in changed {
        map.insert(key, new);
    }
    Some(tera::Value::from(map))
}

/// The classification marking of an audience's documents.
pub fn marking(model: &Model, audience: Audience) -> &str {
    let marks = &model.project.classifications;
    let marking = match audience {
        Audience::Bidder => marks.bidder.as_ref(),
        Audience::BidderNda => marks.bidder_nda.as_ref(),
        Audience::Provider => marks.provider.as_ref(),
        Audience::Internal => marks.internal.as_ref(),
    };
    marking.unwrap_or(&model.project.classification)
}

/// The lookups by id and the groupings of an audience's sections.
fn views(sections: &tera::Value) -> tera::TeraResult<Entries> {
    use tera::Value as T;
    let mut ctx: Entries = Vec::new();
    let at = |path: &str| -> T {
        sections
            .get_from_path(path)
            .cloned()
            .unwrap_or_else(T::none)
    };
    let lookups = [
        ("party", "parties"),
        ("contact", "contacts"),
        ("requirement", "requirements"),
        ("process", "strategy.scope.processes"),
        ("system", "strategy.scope.systems"),
        ("component", "security_concept.components"),
        ("service", "contract.services"),
        ("priority", "contract.incident_priorities"),
        ("scenario", "contingency.scenarios"),
    ];
    for (name, list) in lookups {
        let map = by_id(&[at(list)]);
        ctx.push((name.to_string(), map));
    }
    let scope = by_id(&[at("strategy.scope.processes"), at("strategy.scope.systems")]);
    ctx.push(("scope".to_string(), scope));

    // Groupings in the order of the values' declaration; values without
    // items are left out.
    let requirements = grouped(
        &at("requirements"),
        ("category", Category::ALL),
        "requirements",
    )?;
    ctx.push(("requirements_by_category".to_string(), requirements));
    let clauses = grouped(&at("contract.clauses"), ("topic", Topic::ALL), "clauses")?;
    ctx.push(("clauses_by_topic".to_string(), clauses));
    // The operations calendar: checks by how often they recur, most
    // frequent first.
    let checks = grouped(
        &at("operations.checks"),
        ("frequency", Frequency::ALL),
        "checks",
    )?;
    ctx.push(("checks_by_frequency".to_string(), checks));
    Ok(ctx)
}

/// A map from id to item over the items of `lists`, for lookups such as
/// `party[id].name`.
fn by_id(lists: &[tera::Value]) -> tera::Value {
    let mut map: BTreeMap<String, tera::Value> = BTreeMap::new();
    for item in lists.iter().filter_map(tera::Value::as_array).flatten() {
        if let Some(id) = item.get_from_path("id").and_then(tera::Value::as_str) {
            map.insert(id.to_string(), item.clone());
        }
    }
    tera::Value::from(map)
}

/// The items of `list` grouped by the value of `field`, one group
/// `{ field: value, items_key: [items] }` per value of `values` that has
/// items, in the order of `values`.
fn grouped<V: Serialize>(
    list: &tera::Value,
    (field, values): (&'static str, impl IntoIterator<Item = V>),
    items_key: &'static str,
) -> tera::TeraResult<tera::Value> {
    let items = list.as_array().unwrap_or_default();
    let mut groups = Vec::new();
    for value in values {
        let value = tera::Value::try_from_serializable(&value)?;
        let members: Vec<tera::Value> = items
            .iter()
            .filter(|item| item.get_from_path(field) == Some(&value))
            .cloned()
            .collect();
        if !members.is_empty() {
            let mut group: BTreeMap<&'static str, tera::Value> = BTreeMap::new();
            group.insert(field, value);
            group.insert(items_key, tera::Value::from(members));
            groups.push(tera::Value::from(group));
        }
    }
    Ok(tera::Value::from(groups))
}

/// What is derived from the model the same way for every audience (the
/// questionnaire holds only outward items whoever reads it).
fn common(model: &Model) -> tera::TeraResult<Entries> {
    Ok(vec![
        ("lang".into(), teravalue(&model.project.language)?),
        // The kind of contracting entity, which decides how the documents
        // name the client and which rules they cite: `public`, `sector`,
        // `private`, or `unset` when the inputs do not say.
        ("entity".into(), teravalue(entity(model))?),
        ("questionnaire".into(), teravalue(&questionnaire(model))?),
        ("tender_group".into(), teravalue(&tender_groups(model))?),
        // Whether the tender has a participation stage (a deadline for
        // requests to participate), and the forms of each stage.
        (
            "two_stage".into(),
            teravalue(&model.tender.has_participation_stage())?,
        ),
        ("forms".into(), teravalue(&forms(model))?),
        (
            "nda_declaration".into(),
            teravalue(&nda_declaration(model))?,
        ),
        (
            "deadline_by_kind".into(),
            teravalue(&deadline_by_kind(model))?,
        ),
    ])
}

/// One form of the forms document: a project's declaration, or a built-in
/// form (`builtin` names which) whose text the message catalogue holds.
#[derive(Serialize)]
pub struct Form<'a> {
    pub id: &'a str,
    /// `bid` or `exclusion` for a built-in form.
    pub builtin: Option<&'static str>,
    pub title: Option<&'a str>,
    pub text: Option<&'a str>,
    /// Who signs it, as the labels name them (`bidder`, …).
    pub signers: Vec<crate::model::tender::Signer>,
    /// `participation` or `bids`: in a tender without a participation stage
    /// every form is submitted with the bid.
    pub stage: crate::model::tender::Stage,
}

/// The id of the built-in bid letter.
pub const FORM_BID: &str = "DECL-BID";
/// The id of the built-in self-declaration on the grounds for exclusion.
pub const FORM_EXCLUSION: &str = "DECL-EXCLUSION";

/// The forms candidates and bidders sign: the built-in bid letter, for a
/// public or sector contracting entity the built-in self-declaration on the
/// grounds for exclusion, each unless the project declares a form with its
/// id (which then stands in its place), then the project's other forms in
/// their order. Signers that the instructions rule out (consortia,
/// subcontractors or capacity lenders not allowed) are left out.
pub fn forms<'m>(model: &'m Model) -> Vec<Form<'m>> {
    use crate::model::tender::{Allowed, ContractingEntity as E, Signer, Stage};
    let t = &model.tender;
    let two_stage = t.has_participation_stage();
    let allowed = |a: &Option<crate::model::types::Located<Allowed>>| {
        a.as_deref() != Some(&Allowed::NotAllowed)
    };
    let keep = |s: &Signer| match s {
        Signer::Bidder => true,
        Signer::ConsortiumMember => allowed(&t.instructions.consortia),
        Signer::Subcontractor => allowed(&t.instructions.subcontracting),
        Signer::CapacityLender => allowed(&t.instructions.capacity_lending),
    };
    let stage = |s: Option<Stage>| {
        if two_stage {
            s.unwrap_or(Stage::Bids)
        } else {
            Stage::Bids
        }
    };
    let own = |d: &'m crate::model::tender::Declaration| -> Form<'m> {
        let mut signers: Vec<Signer> = d.signers.iter().map(|s| s.value).filter(keep).collect();
        if d.signers.is_empty() {
            signers.push(Signer::Bidder);
        }
        signers.dedup();
        Form {
            id: d.id.as_str(),
            builtin: None,
            title: Some(&d.title),
            text: Some(&d.text),
            signers,
            stage: stage(d.stage.as_deref().copied()),
        }
    };
    let declared = |id: &str| t.declarations.iter().find(|d| d.id.as_str() == id);
    let mut out = Vec::new();
    let public = matches!(t.contracting_entity.as_deref(), Some(E::Public | E::Sector));
    let builtins = [
        (FORM_EXCLUSION, "exclusion", public, Stage::Participation),
        (FORM_BID, "bid", true, Stage::Bids),
    ];
    for (id, name, wanted, at) in builtins {
        match declared(id) {
            Some(d) => out.push(own(d)),
            None if wanted => out.push(Form {
                id,
                builtin: Some(name),
                title: None,
                text: None,
                signers: [
                    Signer::Bidder,
                    Signer::ConsortiumMember,
                    Signer::Subcontractor,
                    Signer::CapacityLender,
                ]
                .into_iter()
                .filter(|s| name == "exclusion" || *s == Signer::Bidder)
                .filter(keep)
                .collect(),
                stage: stage(Some(at)),
            }),
            None => {}
        }
    }
    out.extend(
        t.declarations
            .iter()
            .filter(|d| d.id.as_str() != FORM_BID && d.id.as_str() != FORM_EXCLUSION)
            .map(own),
    );
    out
}

/// What the non-disclosure declaration covers, when the tender has NDA
/// material: the titles of the NDA items and the ids of the requirements
/// whose text is released only under it.
fn nda_declaration(model: &Model) -> Option<Value> {
    let items: Vec<&str> = model
        .tender
        .nda_items
        .iter()
        .filter(|n| !n.internal)
        .map(|n| n.title.as_str())
        .collect();
    let requirements: Vec<&str> = model
        .requirements
        .iter()
        .filter(|r| r.nda && !r.internal)
        .map(|r| r.id.as_str())
        .collect();
    if items.is_empty() && requirements.is_empty() {
        return None;
    }
    let protection = model
        .tender
        .instructions
        .nda_protection
        .clone()
        .unwrap_or_else(|| marking(model, Audience::BidderNda).to_string());
    Some(json!({
        "items": items,
        "requirements": requirements,
        "protection": protection,
        "years": model.tender.instructions.nda_years.unwrap_or(5),
    }))
}

/// The published deadlines of each kind (`requests`, `questions`, `bids`,
/// `award`, `validity`), each list in date order.
fn deadline_by_kind(model: &Model) -> BTreeMap<&'static str, Vec<Value>> {
    use crate::model::tender::DeadlineKind as K;
    let mut out: BTreeMap<&'static str, Vec<Value>> = BTreeMap::new();
    let mut deadlines: Vec<&crate::model::tender::Deadline> = model
        .tender
        .deadlines
        .iter()
        .filter(|d| !d.internal)
        .collect();
    deadlines.sort_by_key(|d| d.date);
    for d in deadlines {
        let Some(kind) = d.kind.as_deref() else {
            continue;
        };
        let name = match kind {
            K::Questions => "questions",
            K::Requests => "requests",
            K::Bids => "bids",
            K::Award => "award",
            K::Validity => "validity",
        };
        out.entry(name).or_default().push(json!({
            "id": d.id.as_str(),
            "title": d.title,
            "date": d.date,
            "time": d.time,
        }));
    }
    out
}

/// The kind of contracting entity as the templates test it.
pub fn entity(model: &Model) -> &'static str {
    use crate::model::tender::ContractingEntity as E;
    match model.tender.contracting_entity.as_deref() {
        Some(E::Public) => "public",
        Some(E::Sector) => "sector",
        Some(E::Private) => "private",
        None => "unset",
    }
}

/// Entries of a template context, converted for the template engine.
type Entries = Vec<(String, tera::Value)>;

/// `value` for the template engine, converted straight from its type (not
/// through a JSON tree first).
fn teravalue<T: Serialize + ?Sized>(value: &T) -> tera::TeraResult<tera::Value> {
    tera::Value::try_from_serializable(value)
}

/// What is derived from the model for an audience's templates, besides the
/// model's own sections and what [`common`] derives.
fn derived(model: &Model, catalogs: &Catalogs, audience: Audience) -> tera::TeraResult<Entries> {
    let visible = |internal: bool| audience == Audience::Internal || !internal;
    let mut ctx: Entries = Vec::new();
    ctx.push(("trace".into(), teravalue(&trace(model, &visible))?));
    ctx.push(("dora".into(), teravalue(&dora(model, catalogs, &visible))?));
    if audience == Audience::Internal {
        ctx.push(("award".into(), teravalue(&crate::award::award(model))?));
        ctx.push((
            "compliance".into(),
            teravalue(&crate::award::matrix(model))?,
        ));
        let coverage = crate::catalog::coverage::coverage(model, catalogs, &[]);
        ctx.push(("coverage".into(), teravalue(&coverage)?));
        let topics: Vec<Value> = crate::catalog::coverage::required_topics(model)
            .into_iter()
            .map(|t| {
                let clauses: Vec<&str> = model
                    .contract
                    .clauses
                    .iter()
                    .filter(|c| c.topic == t)
                    .map(|c| c.id.as_str())
                    .collect();
                json!({ "topic": t, "clauses": clauses })
            })
            .collect();
        ctx.push(("topics".into(), teravalue(&topics)?));
        let refs: Map<String, Value> = crate::catalog::coverage::citations(model)
            .into_iter()
            .filter(|(kind, _, _)| *kind == "requirement")
            .map(|(_, id, refs)| {
                (
                    id.value.clone(),
                    json!(refs.iter().map(|r| r.value.clone()).collect::<Vec<_>>()),
                )
            })
            .collect();
        ctx.push(("requirement_refs".into(), teravalue(&refs)?));
    }
    ctx.push((
        "protection_max".into(),
        teravalue(&protection_max(model, &visible))?,
    ));
    let weights = model
        .tender
        .award_criteria
        .iter()
        .filter(|c| visible(c.internal));
    ctx.push((
        "award_weight_total".into(),
        teravalue(&weights.map(|c| c.weight).sum::<u32>())?,
    ));
    Ok(ctx)
}

/// One row of the bidder questionnaire: a tender question, or a `must` or
/// `should` requirement the bidder states compliance with.
#[derive(Debug, Serialize)]
pub struct QuestionnaireRow {
    pub no: usize,
    pub id: String,
    /// `question` or `requirement`.
    pub kind: &'static str,
    pub priority: Option<crate::model::requirements::Priority>,
    pub title: Option<String>,
    /// The question, or the requirement's text (absent when it is released
    /// only under the NDA).
    pub text: Option<String>,
    /// What evidence the bidder attaches.
    pub evidence: Option<String>,
    pub requirements: Vec<String>,
}

/// The questionnaire's rows: every outward tender question, then every
/// outward `must` and `should` requirement, in tender order.
pub fn questionnaire(m: &Model) -> Vec<QuestionnaireRow> {
    use crate::model::requirements::Priority;
    let mut rows = Vec::new();
    for q in m.tender.questions.iter().filter(|q| !q.internal) {
        rows.push(QuestionnaireRow {
            no: rows.len() + 1,
            id: q.id.value.clone(),
            kind: "question",
            priority: None,
            title: None,
            text: Some(q.text.clone()),
            evidence: None,
            requirements: q.requirements.iter().map(|r| r.value.clone()).collect(),
        });
    }
    for cat in Category::ALL {
        for r in m
            .requirements
            .iter()
            .filter(|r| r.category == cat && !r.internal && r.priority != Priority::May)
        {
            rows.push(QuestionnaireRow {
                no: rows.len() + 1,
                id: r.id.value.clone(),
                kind: "requirement",
                priority: Some(r.priority),
                title: Some(r.title.clone()),
                text: (!r.nda).then(|| r.text.clone()),
                evidence: if r.nda { None } else { r.evidence.clone() },
                requirements: Vec::new(),
            });
        }
    }
    rows
}

fn trace(m: &Model, visible: &impl Fn(bool) -> bool) -> BTreeMap<String, Trace> {
    let mut t: BTreeMap<String, Trace> = BTreeMap::new();
    let mut add = |req: &str, pick: fn(&mut Trace) -> &mut Vec<String>, id: &str| {
        let list = pick(t.entry(req.to_string()).or_default());
        if !list.iter().any(|x| x == id) {
            list.push(id.to_string());
        }
    };
    for c in m.contract.clauses.iter().filter(|c| visible(c.internal)) {
        c.covers
            .iter()
            .for_each(|r| add(r, |t| &mut t.clauses, &c.id));
    }
    for x in m
        .security_concept
        .measures
        .iter()
        .filter(|x| visible(x.internal))
    {
        x.implements
            .iter()
            .for_each(|r| add(r, |t| &mut t.measures, &x.id));
    }
    for x in m
        .contingency
        .scenarios
        .iter()
        .filter(|x| visible(x.internal))
    {
        x.requirements
            .iter()
            .for_each(|r| add(r, |t| &mut t.scenarios, &x.id));
    }
    for x in m.operations.checks.iter().filter(|x| visible(x.internal)) {
        x.requirements
            .iter()
            .for_each(|r| add(r, |t| &mut t.checks, &x.id));
    }
    for p in m.migration.phases.iter().filter(|p| visible(p.internal)) {
        for x in &p.checks {
            x.requirements
                .iter()
                .for_each(|r| add(r, |t| &mut t.acceptance, &x.id));
        }
    }
    for x in m
        .tender
        .award_criteria
        .iter()
        .filter(|x| visible(x.internal))
    {
        x.requirements
            .iter()
            .for_each(|r| add(r, |t| &mut t.award_criteria, &x.id));
    }
    for x in m.tender.questions.iter().filter(|x| visible(x.internal)) {
        x.requirements
            .iter()
            .for_each(|r| add(r, |t| &mut t.questions, &x.id));
    }
    t
}

/// The highest protection need per process and system id (maximum principle).
fn protection_max(m: &Model, visible: &impl Fn(bool) -> bool) -> Value {
    let mut map = Map::new();
    for p in m
        .strategy
        .scope
        .processes
        .iter()
        .filter(|p| visible(p.internal))
    {
        map.insert(p.id.value.clone(), json!(p.protection.max()));
    }
    for s in m
        .strategy
        .scope
        .systems
        .iter()
        .filter(|s| visible(s.internal))
    {
        map.insert(s.id.value.clone(), json!(s.protection.max()));
    }
    Value::Object(map)
}

/// The DORA Art. 30 items that apply, each with the clauses that cite it
/// or whose topic addresses it, or `null` when the project does not name DORA.
fn dora(m: &Model, catalogs: &Catalogs, visible: &impl Fn(bool) -> bool) -> Value {
    use crate::catalog::{Kind, applies};
    let Some(catalog) = catalogs.list.iter().find(|c| c.kind == Kind::Dora) else {
        return Value::Null;
    };
    let points: Vec<Value> = catalog
        .items
        .iter()
        .filter(|item| applies(catalog, item, m))
        .map(|item| {
            let topics = item
                .addressed_by
                .as_ref()
                .map(|a| a.topics.clone())
                .unwrap_or_default();
            let clauses: Vec<&str> = m
                .contract
                .clauses
                .iter()
                .filter(|c| visible(c.internal))
                .filter(|c| {
                    topics.contains(&c.topic)
                        || c.refs
                            .iter()
                            .any(|r| catalogs.find(r).is_some_and(|(_, i)| i.id == item.id))
                })
                .map(|c| c.id.as_str())
                .collect();
            let point = item
                .id
                .trim_start_matches("DORA.")
                .replacen('.', "(", 1)
                .replacen('.', ")(", 1)
                + ")";
            // The point's title in the document's language.
            let text = match m.project.language {
                crate::model::project::Language::De if !item.title.de.is_empty() => &item.title.de,
                _ => &item.title.en,
            };
            json!({ "point": point, "id": item.id, "text": text, "clauses": clauses })
        })
        .collect();
    if points.is_empty() {
        Value::Null
    } else {
        Value::Array(points)
    }
}

/// The place of each outward requirement's category group in the tender
/// (1 for the first category that has outward requirements), following the
/// tender's grouping by category; the templates number the sections.
fn tender_groups(m: &Model) -> Map<String, Value> {
    let mut out = Map::new();
    let mut n = 0;
    for cat in Category::ALL {
        let reqs: Vec<_> = m
            .requirements
            .iter()
            .filter(|r| r.category == cat && !r.internal)
            .collect();
        if reqs.is_empty() {
            continue;
        }
        n += 1;
        for r in reqs {
            out.insert(r.id.value.clone(), json!(n));
        }
    }
    out
}
