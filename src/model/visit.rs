//! References that say what they point to, and one walk over the model that
//! finds every id definition and every reference.
//!
//! A reference field is typed with what it names: `Ref<Contact>`,
//! `Vec<Ref<Requirement>>`, `Option<Ref<Party>>`, `Vec<Ref<ScopeItem>>`.
//! Each model struct is declared inside [`model!`], which writes its
//! [`Visit`] impl from the field list, so that a new reference field is
//! found (and checked) without being listed anywhere else.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Mutex;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::types::{Id, Loc, Located};

/// The kinds of item an id can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Party,
    Contact,
    Process,
    System,
    LegalConstraint,
    Risk,
    Requirement,
    Deadline,
    Task,
    SuitabilityCriterion,
    AwardCriterion,
    Question,
    NdaItem,
    Clarification,
    Declaration,
    Service,
    ServiceLevel,
    IncidentPriority,
    DataLocation,
    Clause,
    Component,
    Measure,
    ResidualRisk,
    Phase,
    AcceptanceCheck,
    Exception,
    Check,
    Meeting,
    Report,
    Audit,
    ChangeNotification,
    ContingencyRole,
    Scenario,
    Backup,
    Exercise,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Contact => "contact",
            Kind::Process => "process",
            Kind::System => "system",
            Kind::LegalConstraint => "legal constraint",
            Kind::Risk => "risk",
            Kind::Requirement => "requirement",
            Kind::Deadline => "deadline",
            Kind::Task => "task",
            Kind::SuitabilityCriterion => "suitability criterion",
            Kind::AwardCriterion => "award criterion",
            Kind::Question => "bidder question",
            Kind::NdaItem => "NDA item",
            Kind::Clarification => "clarification",
            Kind::Declaration => "form",
            Kind::Service => "service",
            Kind::ServiceLevel => "service level",
            Kind::IncidentPriority => "incident priority",
            Kind::DataLocation => "data location",
            Kind::Clause => "contract clause",
            Kind::Component => "component",
            Kind::Measure => "measure",
            Kind::ResidualRisk => "residual risk",
            Kind::Phase => "migration phase",
            Kind::AcceptanceCheck => "acceptance check",
            Kind::Exception => "temporary exception",
            Kind::Check => "operations check",
            Kind::Meeting => "meeting",
            Kind::Report => "report",
            Kind::Audit => "audit",
            Kind::ChangeNotification => "change notification",
            Kind::ContingencyRole => "contingency role",
            Kind::Scenario => "contingency scenario",
            Kind::Backup => "backup rule",
            Kind::Exercise => "exercise",
        }
    }
}

/// What a [`Ref`] may name: the kinds of item whose ids it accepts.
/// [`model!`] implements it for every `item(…)` struct.
pub trait RefTarget {
    const KINDS: &'static [Kind];
}

/// What a requirement's `scope` names: a process or a system.
pub enum ScopeItem {}

impl RefTarget for ScopeItem {
    const KINDS: &'static [Kind] = &[Kind::Process, Kind::System];
}

/// A reference to an item of type `T`, written as the item's id. In the
/// input, the output and the JSON schema it is exactly an [`Id`]; the type
/// only says what it must name. It dereferences to the [`Id`], so its
/// value and location read as `r.value` and `r.loc`.
pub struct Ref<T> {
    id: Id,
    to: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    pub fn new(id: Id) -> Self {
        Ref {
            id,
            to: PhantomData,
        }
    }

    /// The id written, with its location.
    pub fn id(&self) -> &Id {
        &self.id
    }
}

impl<T> std::ops::Deref for Ref<T> {
    type Target = Id;
    fn deref(&self) -> &Id {
        &self.id
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        Ref::new(self.id.clone())
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.id.fmt(f)
    }
}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T> PartialEq<Id> for Ref<T> {
    fn eq(&self, other: &Id) -> bool {
        &self.id == other
    }
}

impl<'de, T> Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Id::deserialize(d).map(Ref::new)
    }
}

impl<T> Serialize for Ref<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.id.serialize(s)
    }
}

/// Written as an id, so its schema is exactly that of [`Id`].
impl<T> JsonSchema for Ref<T> {
    fn inline_schema() -> bool {
        Id::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        Id::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        Id::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Id::json_schema(generator)
    }
}

/// Where the walk is: the field names from the model's root (list items add
/// none) and whether anything above is internal.
#[derive(Default)]
pub struct Place {
    path: Vec<&'static str>,
    internal: bool,
    /// The paths this walk has joined, the last one used first, told
    /// apart by the addresses of their names (each name is one literal of
    /// a [`model!`] expansion), so that a hit costs a few comparisons.
    seen: RefCell<Vec<(Vec<&'static str>, &'static str)>>,
}

/// Every path joined so far, by its names. The set is bounded by the
/// model's types (no type contains itself), so each path is joined once
/// and kept for good.
static PATHS: Mutex<BTreeMap<Vec<&'static str>, &'static str>> = Mutex::new(BTreeMap::new());

impl Place {
    /// The field path, as `contract.clauses.covers`.
    pub fn path(&self) -> &'static str {
        let same = |names: &[&'static str]| {
            names.len() == self.path.len()
                && names
                    .iter()
                    .zip(&self.path)
                    .all(|(a, b)| std::ptr::eq(*a, *b))
        };
        let mut seen = self.seen.borrow_mut();
        if let Some(at) = seen.iter().position(|(names, _)| same(names)) {
            seen.swap(0, at);
            return seen[0].1;
        }
        let path = {
            let mut paths = PATHS.lock().unwrap_or_else(|e| e.into_inner());
            match paths.get(self.path.as_slice()) {
                Some(&path) => path,
                None => {
                    let path: &'static str = self.path.join(".").leak();
                    paths.insert(self.path.clone(), path);
                    path
                }
            }
        };
        seen.insert(0, (self.path.clone(), path));
        path
    }

    /// Whether this place is seen only in internal documents: a field
    /// marked `@internal`, or an item with `internal: true`, at or above it.
    pub fn internal(&self) -> bool {
        self.internal
    }
}

/// What a walk over the model reports. Every method has a default that
/// ignores the report, so that a sink implements only what it needs.
pub trait Sink<'m> {
    /// An item of `kind` with the id `id`.
    fn definition(&mut self, _at: &Place, _id: &'m Id, _kind: Kind) {}
    /// A reference `id` that must name an item of one of `expects`.
    fn reference(&mut self, _at: &Place, _id: &'m Id, _expects: &'static [Kind]) {}
}

/// The walk over the model: where it is, and where it reports.
pub struct Visitor<'m, 's> {
    at: Place,
    sink: &'s mut dyn Sink<'m>,
}

impl<'m, 's> Visitor<'m, 's> {
    pub fn new(sink: &'s mut dyn Sink<'m>) -> Self {
        Visitor {
            at: Place::default(),
            sink,
        }
    }

    /// Walks `value` from the root.
    pub fn walk<V: Visit + ?Sized>(sink: &'s mut dyn Sink<'m>, value: &'m V) {
        value.visit(&mut Visitor::new(sink));
    }

    pub fn at(&self) -> &Place {
        &self.at
    }

    /// Visits the field `name` holding `value`; `internal` when the field is
    /// marked `@internal`.
    pub fn field<V: Visit + ?Sized>(&mut self, name: &'static str, internal: bool, value: &'m V) {
        if V::LEAF {
            return;
        }
        self.at.path.push(name);
        let was = self.at.internal;
        self.at.internal |= internal;
        value.visit(self);
        self.at.internal = was;
        self.at.path.pop();
    }

    /// Runs `f` inside a struct value, internal with everything in it when
    /// `internal` (its own `internal: true`).
    pub fn inside(&mut self, internal: bool, f: impl FnOnce(&mut Self)) {
        let was = self.at.internal;
        self.at.internal |= internal;
        f(self);
        self.at.internal = was;
    }

    pub fn definition(&mut self, id: &'m Id, kind: Kind) {
        self.sink.definition(&self.at, id, kind);
    }

    pub fn reference(&mut self, id: &'m Id, expects: &'static [Kind]) {
        self.sink.reference(&self.at, id, expects);
    }
}

/// A part of the model that may hold ids and references. Struct impls come
/// from [`model!`]; values that hold neither are listed in [`leaf!`].
///
/// It also tells what the merge of a mapping section written in several
/// files needs to know of a field's type ([`Join`]): whether it is a list,
/// and how a later value joins an earlier one.
///
/// [`Join`]: super::join::Join
pub trait Visit {
    /// Whether a value of this type can hold no id and no reference at
    /// all; the walk then does not enter it.
    const LEAF: bool = false;

    /// Whether a value of this type is a list (a `Vec`), whose items a
    /// later definition of a mapping section may continue.
    const LIST: bool = false;

    /// Joins a later value to this one: a list takes the items of `next`
    /// after its own; any other value is replaced by `next`.
    fn join(&mut self, next: Self)
    where
        Self: Sized,
    {
        *self = next;
    }

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>);

    /// Appends to `out` the path of every field marked `@internal` in this
    /// type and below, each after `prefix` (list and option levels add
    /// nothing). A marked field is listed, not what is in it. Known from
    /// the types alone, without a value.
    fn internal_paths(prefix: &str, out: &mut Vec<String>);
}

/// The paths of every field marked `@internal` in the model, from the
/// model's root, as `requirements.rationale` or `evaluation`: what no
/// bidder or provider document receives (besides items with
/// `internal: true`). Built from the `@internal` markers of the
/// [`model!`] structs, so that marking a field is all it takes.
pub fn internal_fields() -> Vec<String> {
    let mut out = Vec::new();
    <super::Model as Visit>::internal_paths("", &mut out);
    out
}

/// One field's part of [`Visit::internal_paths`]: its own path when
/// `internal`, else the internal paths inside its type.
#[doc(hidden)]
pub fn field_paths<T: Visit + ?Sized>(
    prefix: &str,
    name: &str,
    internal: bool,
    out: &mut Vec<String>,
) {
    let path = if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    };
    if internal {
        out.push(path);
    } else {
        T::internal_paths(&path, out);
    }
}

impl<T: RefTarget> Visit for Ref<T> {
    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        v.reference(&self.id, T::KINDS);
    }

    fn internal_paths(_: &str, _: &mut Vec<String>) {}
}

impl<T: Visit> Visit for Vec<T> {
    const LEAF: bool = T::LEAF;
    const LIST: bool = true;

    fn join(&mut self, next: Self) {
        self.extend(next);
    }

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        for x in self {
            x.visit(v);
        }
    }

    fn internal_paths(prefix: &str, out: &mut Vec<String>) {
        T::internal_paths(prefix, out);
    }
}

impl<T: Visit> Visit for Option<T> {
    const LEAF: bool = T::LEAF;

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        if let Some(x) = self {
            x.visit(v);
        }
    }

    fn internal_paths(prefix: &str, out: &mut Vec<String>) {
        T::internal_paths(prefix, out);
    }
}

impl<T: Visit + ?Sized> Visit for Box<T> {
    const LEAF: bool = T::LEAF;

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        (**self).visit(v);
    }

    fn internal_paths(prefix: &str, out: &mut Vec<String>) {
        T::internal_paths(prefix, out);
    }
}

impl<T: Visit> Visit for Located<T> {
    const LEAF: bool = T::LEAF;

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        self.value.visit(v);
    }

    fn internal_paths(prefix: &str, out: &mut Vec<String>) {
        T::internal_paths(prefix, out);
    }
}

impl<K, T: Visit> Visit for BTreeMap<K, T> {
    const LEAF: bool = T::LEAF;

    fn visit<'m>(&'m self, v: &mut Visitor<'m, '_>) {
        for x in self.values() {
            x.visit(v);
        }
    }

    fn internal_paths(prefix: &str, out: &mut Vec<String>) {
        T::internal_paths(prefix, out);
    }
}

/// Marks types that hold no ids and no references: the walk passes them by.
/// Each enum of the model is named in a `leaf!(…)` line of its file; one that
/// is not makes the struct holding it fail to compile. (An enum that holds a
/// reference needs a hand-written [`Visit`] instead.)
macro_rules! leaf {
    ($($t:ty),* $(,)?) => {
        $(
            impl $crate::model::visit::Visit for $t {
                const LEAF: bool = true;

                fn visit<'m>(&'m self, _: &mut $crate::model::visit::Visitor<'m, '_>) {}

                fn internal_paths(_: &str, _: &mut Vec<String>) {}
            }
        )*
    };
}
pub(crate) use leaf;

leaf!(
    String,
    bool,
    u32,
    u64,
    f64,
    Loc,
    super::types::Date,
    super::types::Duration,
    super::types::Percent,
    super::types::Target,
    super::types::Protection,
    super::types::ProtectionNeeds,
    super::types::Frequency,
);

/// Whether a field is an item's `internal: true` flag: a field named
/// `internal` that holds a `bool` (`classifications.internal` is a text).
#[doc(hidden)]
#[inline(always)]
pub fn is_internal_flag<T: std::any::Any>(name: &str, value: &T) -> bool {
    name == "internal"
        && (value as &dyn std::any::Any)
            .downcast_ref::<bool>()
            .is_some_and(|&flag| flag)
}

/// Declares model structs and writes their [`Visit`] and [`Join`] impls, so
/// that every id and reference in them is found, and a mapping section
/// written in several files is joined, without a list to keep.
///
/// [`Join`]: super::join::Join
///
/// ```ignore
/// model! {
///     item(Requirement)
///     /// A security requirement on the outsourced service.
///     #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
///     pub struct Requirement {
///         pub id: Id,
///         pub scope: Vec<Ref<ScopeItem>>,
///         pub internal: bool,
///     }
/// }
/// ```
///
/// - `item(Kind)` before a struct: its `id` field defines an id of that
///   [`Kind`], and `Ref<Struct>` names it.
/// - `@internal` before a field: the field and everything in it is seen
///   only in internal documents.
/// - a field `internal: bool` that is `true` makes the item and everything
///   in it internal.
///
/// [`Join`] names each key after its field, as serde does unless a field is
/// renamed (a test compares the keys of every section with its schema).
///
/// The struct is emitted unchanged (attributes, doc comments and all), with
/// the `@internal` markers taken out. Several structs may follow one
/// another in one `model!`.
macro_rules! model {
    () => {};
    (@marked internal) => { true };
    (@marked) => { false };
    (@item) => { false };
    (@item $kind:ident) => { true };
    (item($kind:ident) $($tail:tt)*) => {
        $crate::model::visit::model! { @build [$kind] $($tail)* }
    };
    (
        @build [$($kind:ident)?]
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fattr:meta])* $(@$mark:ident)? $fvis:vis $field:ident : $ty:ty ),* $(,)?
        }
        $($rest:tt)*
    ) => {
        $(#[$attr])*
        $vis struct $name {
            $( $(#[$fattr])* $fvis $field : $ty ),*
        }

        $(
            impl $crate::model::visit::RefTarget for $name {
                const KINDS: &'static [$crate::model::visit::Kind] =
                    &[$crate::model::visit::Kind::$kind];
            }
        )?

        impl $crate::model::visit::Visit for $name {
            // An item defines an id; anything else is a leaf when all its
            // fields are.
            const LEAF: bool = !$crate::model::visit::model!(@item $($kind)?)
                $(&& <$ty as $crate::model::visit::Visit>::LEAF)*;

            fn visit<'m>(&'m self, v: &mut $crate::model::visit::Visitor<'m, '_>) {
                let mut own = false;
                $( own |= $crate::model::visit::is_internal_flag(stringify!($field), &self.$field); )*
                v.inside(own, |v| {
                    $( v.definition(&self.id, $crate::model::visit::Kind::$kind); )?
                    $( v.field(stringify!($field), $crate::model::visit::model!(@marked $($mark)?), &self.$field); )*
                });
            }

            fn internal_paths(prefix: &str, out: &mut Vec<String>) {
                $( $crate::model::visit::field_paths::<$ty>(
                    prefix,
                    stringify!($field),
                    $crate::model::visit::model!(@marked $($mark)?),
                    out,
                ); )*
            }
        }

        impl $crate::model::join::Join for $name {
            const KEYS: &'static [(&'static str, bool)] = &[
                $( (stringify!($field), <$ty as $crate::model::visit::Visit>::LIST) ),*
            ];

            fn join(&mut self, next: Self, take: &dyn Fn(&str) -> bool) {
                let $name { $($field),* } = next;
                $(
                    if take(stringify!($field)) {
                        $crate::model::visit::Visit::join(&mut self.$field, $field);
                    }
                )*
            }
        }

        $crate::model::visit::model! { $($rest)* }
    };
    ($($tail:tt)+) => {
        $crate::model::visit::model! { @build [] $($tail)+ }
    };
}
pub(crate) use model;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Party};

    model! {
        /// A struct as a contributor would add it: one `Ref` field, no list.
        #[derive(Debug, Deserialize)]
        struct Handover {
            pub title: String,
            pub to: Ref<Contact>,
            #[serde(default)]
            pub witnesses: Vec<Located<Vec<Ref<Party>>>>,
            #[serde(default)]
            pub internal: bool,
        }

        #[derive(Debug, Deserialize)]
        struct Handovers {
            pub handovers: Vec<Handover>,
            #[serde(default)]
            @internal pub archive: Option<Handover>,
        }
    }

    model! {
        /// A struct a contributor adds, with one internal field and a list
        /// of items that have one more.
        #[derive(Debug)]
        struct Dossier {
            pub title: String,
            pub entries: Vec<Entry>,
            @internal pub verdict: Option<String>,
        }

        #[derive(Debug)]
        struct Entry {
            pub text: String,
            @internal pub note: Located<Option<String>>,
            pub handovers: Option<Handovers>,
        }
    }

    #[test]
    fn a_field_marked_internal_is_listed_from_the_types_alone() {
        let mut paths = Vec::new();
        <Dossier as Visit>::internal_paths("", &mut paths);
        assert_eq!(
            paths,
            ["entries.note", "entries.handovers.archive", "verdict"]
        );
    }

    #[test]
    fn every_field_internal_before_the_markers_is_declared_internal() {
        let declared = internal_fields();
        // The fields removed by name or by hand before `@internal` drove
        // the redaction.
        for path in [
            "evaluation",
            "requirements.rationale",
            "project.addressed_elsewhere",
            "project.catalogs",
            "strategy.objectives",
            "strategy.reasons",
            "strategy.legal_constraints",
            "strategy.cost_benefit",
            "strategy.risks",
            "strategy.retained_capabilities",
            "strategy.exit_strategy",
            "strategy.security_analysis",
        ] {
            assert!(declared.iter().any(|d| d == path), "{path} in {declared:?}");
        }
        assert!(!declared.iter().any(|d| d.starts_with("strategy.scope")));
    }

    #[derive(Default)]
    struct Seen(Vec<(String, &'static str, Vec<Kind>, bool)>);

    impl<'m> Sink<'m> for Seen {
        fn reference(&mut self, at: &Place, id: &'m Id, expects: &'static [Kind]) {
            self.0
                .push((id.value.clone(), at.path(), expects.to_vec(), at.internal()));
        }
    }

    #[test]
    fn a_new_ref_field_is_visited_without_a_list() {
        let yaml = "handovers:\n  - { title: a, to: isb, witnesses: [[host]] }\n  - { title: b, to: cio, internal: true }\narchive: { title: c, to: old }\n";
        let h: Handovers = serde_saphyr::from_str(yaml).unwrap();
        let mut seen = Seen::default();
        Visitor::walk(&mut seen, &h);
        let c = vec![Kind::Contact];
        assert_eq!(
            seen.0,
            vec![
                ("isb".into(), "handovers.to", c.clone(), false),
                (
                    "host".into(),
                    "handovers.witnesses",
                    vec![Kind::Party],
                    false
                ),
                ("cio".into(), "handovers.to", c.clone(), true),
                ("old".into(), "archive.to", c, true),
            ]
        );
        assert_eq!(h.handovers[0].to.loc.line, 2);
        // A struct of leaves only is not entered; one with a reference is.
        const { assert!(<crate::model::contract::Term as Visit>::LEAF) };
        const { assert!(!<Handovers as Visit>::LEAF) };
    }

    #[test]
    fn a_ref_reads_and_writes_as_an_id() {
        let r: Ref<Contact> = serde_saphyr::from_str("isb").unwrap();
        assert_eq!(r.value, "isb");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"isb\"");
        assert_eq!(
            serde_json::to_value(schemars::schema_for!(Vec<Ref<Contact>>)).unwrap(),
            serde_json::to_value(schemars::schema_for!(Vec<Id>)).unwrap()
        );
    }
}
