//! Derive: turn the checked model into the context a document template sees.
//!
//! The context holds only what the document's audience may read: for a
//! bidder or provider document every item marked `internal: true`, every
//! internal field and the whole `evaluation` section are removed first.
//! Templates therefore cannot leak what they never receive.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::catalog::Catalogs;
use crate::documents::{Audience, Document};
use crate::model::Model;
use crate::model::contract::Topic;
use crate::model::requirements::Category;

/// Fields that hold internal reasoning; they never leave internal documents.
const INTERNAL_FIELDS: [&str; 3] = ["rationale", "addressed_elsewhere", "catalogs"];

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

/// Builds the template context for one document: what its audience may
/// read ([`audience_context`]) plus the document's own fields under `doc`.
pub fn context(model: &Model, catalogs: &Catalogs, doc: &Document) -> Value {
    let mut ctx = audience_context(model, catalogs, doc.audience);
    if let Value::Object(map) = &mut ctx {
        map.insert("doc".into(), doc_fields(model, doc));
    }
    ctx
}

/// The `doc` object of a document's context: stem, title in the project's
/// language, audience and the guidance it serves.
pub fn doc_fields(model: &Model, doc: &Document) -> Value {
    let lang = model.project.language;
    let title_key = if doc.stem == "cover" && doc.audience == Audience::BidderNda {
        "doc.cover-nda".to_string()
    } else {
        format!("doc.{}", doc.stem)
    };
    let title = Some(crate::i18n::text(lang, &title_key))
        .filter(|t| !t.is_empty())
        .unwrap_or(doc.title);
    json!({ "stem": doc.stem, "title": title, "audience": doc.audience, "serves": doc.serves })
}

/// Everything an audience may read, shared by all its documents.
pub fn audience_context(model: &Model, catalogs: &Catalogs, audience: Audience) -> Value {
    crate::i18n::with_language(model.project.language, || {
        localised(model, catalogs, audience)
    })
}

fn localised(model: &Model, catalogs: &Catalogs, audience: Audience) -> Value {
    let mut sections = serde_json::to_value(model).unwrap_or(Value::Null);
    if audience != Audience::Internal {
        redact(&mut sections);
        if let Value::Object(map) = &mut sections {
            map.remove("evaluation");
            if let Some(Value::Object(strategy)) = map.get_mut("strategy") {
                strategy.retain(|k, _| k == "scope");
            }
        }
    }
    if audience == Audience::Bidder {
        withhold_nda(&mut sections);
    }
    let visible = |internal: bool| audience == Audience::Internal || !internal;
    let Value::Object(mut ctx) = sections else {
        return Value::Null;
    };

    let lang = model.project.language;
    ctx.insert("lang".into(), json!(lang));
    let marks = &model.project.classifications;
    let marking = match audience {
        Audience::Bidder => marks.bidder.as_ref(),
        Audience::BidderNda => marks.bidder_nda.as_ref(),
        Audience::Provider => marks.provider.as_ref(),
        Audience::Internal => marks.internal.as_ref(),
    };
    ctx.insert(
        "classification".into(),
        json!(marking.unwrap_or(&model.project.classification)),
    );
    ctx.insert("party".into(), by_id(&ctx["parties"]));
    ctx.insert("contact".into(), by_id(&ctx["contacts"]));
    ctx.insert("requirement".into(), by_id(&ctx["requirements"]));
    ctx.insert(
        "process".into(),
        by_id(&ctx["strategy"]["scope"]["processes"]),
    );
    ctx.insert("system".into(), by_id(&ctx["strategy"]["scope"]["systems"]));
    let mut scope = by_id(&ctx["strategy"]["scope"]["processes"]);
    if let (Value::Object(all), Value::Object(systems)) =
        (&mut scope, by_id(&ctx["strategy"]["scope"]["systems"]))
    {
        all.extend(systems);
    }
    ctx.insert("scope".into(), scope);
    ctx.insert(
        "component".into(),
        by_id(&ctx["security_concept"]["components"]),
    );
    ctx.insert("service".into(), by_id(&ctx["contract"]["services"]));
    ctx.insert(
        "priority".into(),
        by_id(&ctx["contract"]["incident_priorities"]),
    );
    ctx.insert("scenario".into(), by_id(&ctx["contingency"]["scenarios"]));

    let requirements = ctx["requirements"].as_array().cloned().unwrap_or_default();
    let by_category: Vec<Value> = Category::ALL
        .iter()
        .filter_map(|cat| {
            let name = serde_json::to_value(cat).ok()?;
            let items: Vec<&Value> = requirements
                .iter()
                .filter(|r| r["category"] == name)
                .collect();
            (!items.is_empty()).then(|| json!({ "category": name, "requirements": items }))
        })
        .collect();
    ctx.insert("requirements_by_category".into(), Value::Array(by_category));

    let clauses = ctx["contract"]["clauses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let by_topic: Vec<Value> = Topic::ALL
        .iter()
        .filter_map(|topic| {
            let name = serde_json::to_value(topic).ok()?;
            let items: Vec<&Value> = clauses.iter().filter(|c| c["topic"] == name).collect();
            (!items.is_empty()).then(|| json!({ "topic": name, "clauses": items }))
        })
        .collect();
    ctx.insert("clauses_by_topic".into(), Value::Array(by_topic));

    // The operations calendar: checks grouped by how often they recur.
    let checks = ctx["operations"]["checks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut frequencies: Vec<Value> = Vec::new();
    for c in &checks {
        if !frequencies.contains(&c["frequency"]) {
            frequencies.push(c["frequency"].clone());
        }
    }
    frequencies
        .sort_by_key(|f| serde_json::from_value::<crate::model::types::Frequency>(f.clone()).ok());
    let calendar: Vec<Value> = frequencies
        .into_iter()
        .map(|f| {
            let items: Vec<&Value> = checks.iter().filter(|c| c["frequency"] == f).collect();
            json!({ "frequency": f, "checks": items })
        })
        .collect();
    ctx.insert("checks_by_frequency".into(), Value::Array(calendar));

    ctx.insert(
        "trace".into(),
        serde_json::to_value(trace(model, &visible)).unwrap_or(Value::Null),
    );
    ctx.insert("dora".into(), dora(model, catalogs, &visible));
    ctx.insert(
        "questionnaire".into(),
        serde_json::to_value(questionnaire(model)).unwrap_or(Value::Null),
    );
    ctx.insert(
        "tender_section".into(),
        Value::Object(tender_sections(model)),
    );
    if audience == Audience::Internal {
        ctx.insert(
            "award".into(),
            serde_json::to_value(crate::award::award(model)).unwrap_or(Value::Null),
        );
        let coverage = crate::catalog::coverage::coverage(model, catalogs, &[]);
        ctx.insert(
            "coverage".into(),
            serde_json::to_value(coverage).unwrap_or(Value::Null),
        );
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
        ctx.insert("topics".into(), Value::Array(topics));
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
        ctx.insert("requirement_refs".into(), Value::Object(refs));
    }
    ctx.insert("protection_max".into(), protection_max(model, &visible));
    let weights = model
        .tender
        .award_criteria
        .iter()
        .filter(|c| visible(c.internal));
    ctx.insert(
        "award_weight_total".into(),
        json!(weights.map(|c| c.weight).sum::<u32>()),
    );
    Value::Object(ctx)
}

/// For the public tender: the text of requirements marked `nda: true` and
/// the content of NDA items stay in the NDA part.
fn withhold_nda(sections: &mut Value) {
    if let Some(Value::Array(reqs)) = sections.get_mut("requirements") {
        for r in reqs.iter_mut().filter(|r| r["nda"] == Value::Bool(true)) {
            if let Value::Object(map) = r {
                map.remove("text");
                map.remove("evidence");
            }
        }
    }
    if let Some(Value::Array(items)) = sections.pointer_mut("/tender/nda_items") {
        for item in items.iter_mut() {
            if let Value::Object(map) = item {
                map.remove("content");
            }
        }
    }
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

/// Removes internal items and fields, at any depth.
fn redact(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.retain(|item| item.get("internal") != Some(&Value::Bool(true)));
            items.iter_mut().for_each(redact);
        }
        Value::Object(map) => {
            for field in INTERNAL_FIELDS {
                map.remove(field);
            }
            map.values_mut().for_each(redact);
        }
        _ => {}
    }
}

/// A map from id to item, for lookups such as `party[id].name`.
fn by_id(list: &Value) -> Value {
    let mut map = Map::new();
    for item in list.as_array().into_iter().flatten() {
        if let Some(id) = item["id"].as_str() {
            map.insert(id.to_string(), item.clone());
        }
    }
    Value::Object(map)
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
            json!({ "point": point, "id": item.id, "text": item.title.en, "clauses": clauses })
        })
        .collect();
    if points.is_empty() {
        Value::Null
    } else {
        Value::Array(points)
    }
}

/// The tender section each requirement is presented in (`4.2`), following
/// the tender's grouping by category.
fn tender_sections(m: &Model) -> Map<String, Value> {
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
            out.insert(r.id.value.clone(), json!(format!("4.{n}")));
        }
    }
    out
}
