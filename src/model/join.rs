//! Mapping sections written in several files: which keys each definition
//! writes, and how a later definition joins an earlier one.
//!
//! A mapping section (`contract`, `security_concept`, …) may be written in
//! several files. The keys whose value is a list (`contract.clauses`) are
//! joined in path order, like the list sections; any other key may be
//! written in one definition only. Whether a key was written cannot be told
//! from the parsed value (a key written with its default value looks like
//! one left out), so each definition is read as [`Written`]: the value
//! together with the keys the parser met in it, each with its location.
//! Which keys hold a list is told by the types: [`Join`], which [`model!`]
//! writes for every model struct from its field list.
//!
//! [`model!`]: super::visit::model

use std::cell::Cell;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};

use super::types::{Loc, Located};

/// A mapping whose keys a later definition in another file may continue.
/// [`model!`] implements it for every model struct.
///
/// [`model!`]: super::visit::model
pub trait Join: Sized {
    /// Every key, as written in the input, and whether its value is a list.
    const KEYS: &'static [(&'static str, bool)];

    /// Whether the key `key` holds a list, which a later definition may
    /// continue.
    fn is_list(key: &str) -> bool {
        Self::KEYS.iter().any(|&(k, list)| list && k == key)
    }

    /// The keys that hold a list, in the order of the struct.
    fn lists() -> Vec<&'static str> {
        Self::KEYS
            .iter()
            .filter(|(_, list)| *list)
            .map(|&(k, _)| k)
            .collect()
    }

    /// Takes from `next` the value of every key for which `take` is true:
    /// the items of a list go after those `self` holds, any other value
    /// replaces `self`'s. The other keys of `next` are dropped.
    fn join(&mut self, next: Self, take: &dyn Fn(&str) -> bool);
}

/// A key of a mapping, as written, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub loc: Loc,
}

/// A mapping as one file writes it: its value, and the keys written in it,
/// in the order of the file. A key written with its default value (`[]`,
/// `~`) counts as written.
///
/// Keys are recorded as the parser yields them, each read as a
/// [`Located`] text, so that they carry their place. While the parser's
/// path is tracked to describe an error ([`with_plain_keys`]), keys are
/// passed through untouched, so that the path names them, and none is
/// recorded: a value read so only serves to describe its error.
#[derive(Clone, Debug, Default)]
pub struct Written<T> {
    pub value: T,
    pub keys: Vec<Key>,
}

impl<T> Written<T> {
    /// Whether the key `name` is written.
    pub fn wrote(&self, name: &str) -> bool {
        self.keys.iter().any(|k| k.name == name)
    }
}

thread_local! {
    /// Whether keys are passed through unrecorded (see [`with_plain_keys`]).
    static PLAIN_KEYS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every [`Written`] value passing its keys through as the
/// parser yields them, and recording none: for a parse that tracks the path
/// of each value (`serde_path_to_error`), whose key names would otherwise
/// be hidden behind the recording.
pub fn with_plain_keys<R>(f: impl FnOnce() -> R) -> R {
    let previous = PLAIN_KEYS.with(|c| c.replace(true));
    let result = f();
    PLAIN_KEYS.with(|c| c.set(previous));
    result
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Written<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut keys = Vec::new();
        let value = T::deserialize(Tap {
            de: d,
            keys: &mut keys,
        })?;
        Ok(Written { value, keys })
    }
}

/// In the input a written mapping is the bare mapping, so its schema is
/// exactly the schema of `T`.
impl<T: JsonSchema> JsonSchema for Written<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A deserializer that hands on every request unchanged, and taps the
/// mapping the value is read from (a struct, a map, or whatever
/// `deserialize_any` finds) so that its keys are recorded.
struct Tap<'k, D> {
    de: D,
    keys: &'k mut Vec<Key>,
}

/// Forwards requests that cannot yield a mapping to the inner deserializer.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.de.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tap<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_any(Tapped {
            visitor,
            keys: self.keys,
        })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_map(Tapped {
            visitor,
            keys: self.keys,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.de.deserialize_struct(
            name,
            fields,
            Tapped {
                visitor,
                keys: self.keys,
            },
        )
    }

    forward! {
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// The visitor of a tapped value: a mapping reaches the inner visitor
/// through [`TapMap`]; anything else reaches it unchanged.
struct Tapped<'k, V> {
    visitor: V,
    keys: &'k mut Vec<Key>,
}

/// Hands a visit with one value on to the inner visitor.
macro_rules! pass {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Tapped<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(TapMap {
            map,
            keys: self.keys,
        })
    }

    /// A struct written as a list of values would set fields without
    /// keys; a mapping section is a mapping.
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }

    pass! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(d)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(d)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// The entries of a tapped mapping: each key is read with its location and
/// recorded, then handed to the inner visitor as the text it is.
struct TapMap<'k, A> {
    map: A,
    keys: &'k mut Vec<Key>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TapMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if PLAIN_KEYS.with(Cell::get) {
            return self.map.next_key_seed(seed);
        }
        let Some(key) = self.map.next_key::<Located<String>>()? else {
            return Ok(None);
        };
        let value = seed.deserialize(key.value.as_str().into_deserializer())?;
        self.keys.push(Key {
            name: key.value,
            loc: key.loc,
        });
        Ok(Some(value))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::with_file;
    use crate::model::{Contract, Project, SecurityConcept};

    fn parse<T: for<'de> Deserialize<'de>>(yaml: &str) -> Result<Written<T>, serde_saphyr::Error> {
        with_file(3, || serde_saphyr::from_str(yaml)).map_err(|e| match e {
            serde_saphyr::Error::WithSnippet { error, .. } => *error,
            e => e,
        })
    }

    fn names<T>(w: &Written<T>) -> Vec<&str> {
        w.keys.iter().map(|k| k.name.as_str()).collect()
    }

    #[test]
    fn every_key_written_is_recorded_with_its_place_even_with_a_default_value() {
        let w: Written<Contract> = parse(
            "# a comment\nreference: ~\nclauses: []\nincident_notification:\n  deadline: 4h\ndata_locations:\n  - { id: L, data: d, country: c, site: s }\n",
        )
        .unwrap();
        assert_eq!(
            names(&w),
            [
                "reference",
                "clauses",
                "incident_notification",
                "data_locations"
            ]
        );
        // The keys of nested mappings are not the section's.
        assert!(!w.wrote("deadline") && !w.wrote("id"));
        let at: Vec<(u32, u32, u32)> = w
            .keys
            .iter()
            .map(|k| (k.loc.file, k.loc.line, k.loc.col))
            .collect();
        assert_eq!(at, [(3, 2, 1), (3, 3, 1), (3, 4, 1), (3, 6, 1)]);
        assert_eq!(w.value.reference, None);
        assert_eq!(w.value.data_locations.len(), 1);
    }

    #[test]
    fn keys_of_a_flow_mapping_are_recorded_at_their_column() {
        let w: Written<SecurityConcept> = parse("{ overview: x,  measures: [] }\n").unwrap();
        assert_eq!(names(&w), ["overview", "measures"]);
        assert_eq!(
            w.keys.iter().map(|k| k.loc.col).collect::<Vec<_>>(),
            [3, 17]
        );
    }

    #[test]
    fn an_empty_mapping_writes_no_key() {
        let w: Written<Contract> = parse("{}\n").unwrap();
        assert!(w.keys.is_empty());
    }

    #[test]
    fn unknown_and_missing_keys_are_the_parsers_errors_as_before() {
        let e = parse::<Contract>("referense: x\n").unwrap_err();
        assert!(
            matches!(e, serde_saphyr::Error::SerdeUnknownField { ref field, .. } if field == "referense"),
            "{e:?}"
        );
        assert_eq!(e.location().map(|l| (l.line(), l.column())), Some((1, 1)));
        let e = parse::<Project>("id: X\n").unwrap_err();
        assert!(
            matches!(e, serde_saphyr::Error::SerdeMissingField { field, .. } if field == "title"),
            "{e:?}"
        );
        assert!(
            parse::<Contract>("[a, b]\n").is_err(),
            "a list is no mapping"
        );
        assert!(parse::<Contract>("x\n").is_err());
    }

    #[test]
    fn plain_keys_pass_through_unrecorded_so_that_the_path_names_them() {
        let yaml = "incident_notification:\n  deadline: soon\n";
        let mut path = String::new();
        let _ = with_plain_keys(|| {
            with_file(0, || {
                serde_saphyr::with_deserializer_from_str(yaml, |de| {
                    serde_path_to_error::deserialize::<_, Written<Contract>>(de).map_err(|e| {
                        path = e.path().to_string();
                        e.into_inner()
                    })
                })
            })
        });
        assert_eq!(path, "incident_notification.deadline");
        let w: Written<Contract> = with_plain_keys(|| parse("reference: x\n")).unwrap();
        assert!(w.keys.is_empty());
        assert!(!PLAIN_KEYS.with(Cell::get), "the flag is restored");
    }
}
