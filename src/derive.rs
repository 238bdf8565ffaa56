//! Derive: turn the checked model into the context a document template sees.
//!
//! The context holds only what the document's audience may read: for a
//! bidder or provider document every item marked `internal: true`, every
//! internal field and the whole `evaluation` section are removed first.
//! Templates therefore cannot leak what they never receive.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::documents::{Audience, Document};
use crate::model::Model;
use crate::model::contract::Topic;
use crate::model::requirements::Category;

/// Fields that hold internal reasoning; they never leave internal documents.
const INTERNAL_FIELDS: [&str; 1] = ["rationale"];

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

/// Builds the template context for one document.
pub fn context(model: &Model, doc: &Document) -> Value {
    let audience = doc.audience;
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
    let visible = |internal: bool| audience == Audience::Internal || !internal;
    let Value::Object(mut ctx) = sections else {
        return Value::Null;
    };

    ctx.insert(
        "doc".into(),
        json!({ "stem": doc.stem, "title": doc.title, "audience": audience, "serves": doc.serves }),
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

    ctx.insert(
        "trace".into(),
        serde_json::to_value(trace(model, &visible)).unwrap_or(Value::Null),
    );
    ctx.insert("dora".into(), dora(model, &visible));
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

/// What DORA Art. 30 asks a contract to settle, in the project's words:
/// paragraph 2 for every ICT service, paragraph 3 in addition where the
/// service supports a critical or important function.
const DORA_POINTS: [(&str, &str, bool); 15] = [
    (
        "30(2)(a)",
        "Clear and complete description of the services, and whether and on what terms subcontracting of critical or important functions is allowed",
        false,
    ),
    (
        "30(2)(b)",
        "Regions or countries where services are provided and data is processed and stored, and advance notice before any of them changes",
        false,
    ),
    (
        "30(2)(c)",
        "Availability, authenticity, integrity and confidentiality of data, personal data included",
        false,
    ),
    (
        "30(2)(d)",
        "Access to, recovery and return of data in an easily usable format on insolvency, resolution, wind-down or termination",
        false,
    ),
    (
        "30(2)(e)",
        "Service-level descriptions and their updates",
        false,
    ),
    (
        "30(2)(f)",
        "Assistance in ICT incidents at no extra cost or at a cost fixed in advance",
        false,
    ),
    (
        "30(2)(g)",
        "Full cooperation with the competent and resolution authorities",
        false,
    ),
    (
        "30(2)(h)",
        "Termination rights and minimum notice periods",
        false,
    ),
    (
        "30(2)(i)",
        "Provider's participation in the entity's security awareness and resilience training",
        false,
    ),
    (
        "30(3)(a)",
        "Complete service levels with precise quantitative and qualitative targets",
        true,
    ),
    (
        "30(3)(b)",
        "Notice periods and reporting duties, including developments that may materially affect the service",
        true,
    ),
    (
        "30(3)(c)",
        "Provider implements and tests business contingency plans and keeps appropriate security measures",
        true,
    ),
    (
        "30(3)(d)",
        "Provider takes part in threat-led penetration testing",
        true,
    ),
    (
        "30(3)(e)",
        "Unrestricted rights of access, inspection and audit, with the scope and frequency of audits stated",
        true,
    ),
    (
        "30(3)(f)",
        "Exit strategy with a mandatory transition period",
        true,
    ),
];

/// The DORA Art. 30 points that apply, each with the clauses that cite it
/// (`refs: [DORA.30.2.a]`), or `null` when the project does not name DORA.
fn dora(m: &Model, visible: &impl Fn(bool) -> bool) -> Value {
    use crate::model::project::Framework;
    if !m
        .project
        .frameworks
        .iter()
        .any(|f| f.value == Framework::Dora)
    {
        return Value::Null;
    }
    let points: Vec<Value> = DORA_POINTS
        .iter()
        .filter(|(_, _, critical)| !critical || m.project.critical_function)
        .map(|(point, text, _)| {
            let code = format!(
                "DORA.{}",
                point
                    .replace(['(', ')'], ".")
                    .replace("..", ".")
                    .trim_end_matches('.')
            );
            let clauses: Vec<&str> = m
                .contract
                .clauses
                .iter()
                .filter(|c| {
                    visible(c.internal) && c.refs.iter().any(|r| r.eq_ignore_ascii_case(&code))
                })
                .map(|c| c.id.as_str())
                .collect();
            json!({ "point": point, "code": code, "text": text, "clauses": clauses })
        })
        .collect();
    Value::Array(points)
}
