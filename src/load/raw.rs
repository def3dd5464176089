//! Raw input types: exactly what an author may write, nothing checked beyond the shape.
//!
//! Every struct denies unknown fields, so a misspelt key is caught with its location. Fields
//! whose *content* needs checking (numbers, periods, dates, ids, enumerations) are read loosely
//! ([`RawNumber`], [`RawScalar`], `String`) so that `validate` can report every bad value of a
//! file in one run, with a proposal, instead of serde stopping at the first one.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A number as written: a YAML number, or a string that should have been one (`"1.563.652"`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawNumber {
    Number(f64),
    Text(String),
}

/// Any scalar, kept as text: periods (`2024` is an integer to YAML), dates, ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawScalar(pub String);

/// A `{ vi, en }` label; both languages required.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabel {
    pub vi: String,
    pub en: String,
}

/// Free text: a plain string, or `{ vi, en }` with English optional.
#[derive(Debug, Clone)]
pub struct RawText {
    pub vi: String,
    pub en: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: RawLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawLabel>,
    pub base_url: String,
    pub languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_indicators: Option<Vec<RawScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<RawServices>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<RawPublisher>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrections: Option<RawCorrections>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<RawLicence>,
}

/// `publisher:` of site.yaml: who publishes the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublisher {
    pub name: RawLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `corrections:` of site.yaml: how a reader reports an error in a figure.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrections {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

/// `licence:` of site.yaml: the terms the data is published under.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLicence {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

/// `services:` of site.yaml: the indicator the services page shows, by which dimension.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawServices {
    pub indicator: RawScalar,
    pub by: RawScalar,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicatorFile {
    pub groups: Vec<RawGroup>,
    pub indicators: Vec<RawIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: RawScalar,
    pub kind: String,
    pub label: RawLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<RawLabel>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: RawScalar,
    pub group: RawScalar,
    pub label: RawLabel,
    pub description: RawLabel,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count_noun: Option<RawLabel>,
    pub direction: String,
    pub aggregate: String,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<RawScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<RawTarget>>,
    /// Indicators whose figures add up to this one's (same period and breakdown cell).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum_of: Option<Vec<RawScalar>>,
    /// The dimension whose members this rate is an average of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_of: Option<RawScalar>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimensionFile {
    pub dimensions: Vec<RawDimension>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: RawScalar,
    pub label: RawLabel,
    pub members: Vec<RawMember>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub id: RawScalar,
    pub label: RawLabel,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvince {
    pub name: RawLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<RawLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<RawSuccessor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formed_from: Option<RawFormation>,
    #[serde(default)]
    pub reports: Vec<RawReport>,
    #[serde(default)]
    pub observations: Vec<RawObservationBlock>,
    #[serde(default)]
    pub targets: Vec<RawTarget>,
    #[serde(default)]
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSuccessor {
    pub province: RawScalar,
    pub from: RawScalar,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `formed_from:` of a province created by a merger: every unit it was formed from, and the
/// decision that formed it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormation {
    pub units: Vec<RawFormerUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One unit a province was formed from: `province:` when the unit has a file, or `name:`
/// (and `code:`) when it has none.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormerUnit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<RawLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<RawScalar>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    pub period: RawScalar,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub issuer: RawText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawObservationBlock {
    pub period: RawScalar,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub values: UniqueMap<RawValue>,
}

/// One entry under `values:`.
#[derive(Debug, Clone)]
pub enum RawValue {
    Number(f64),
    /// A bare word: `no-cases`, `not-applicable`, or a mistake such as `"47,41"`.
    Word(String),
    Full(Box<RawValueMap>),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawValueMap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_100: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<UniqueMap<UniqueMap<RawValue>>>,
    /// The same figure printed again elsewhere in the same report (an appendix, a summary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also_printed: Option<Vec<RawPrinting>>,
}

/// A second printing of a figure in the same report: its numbers as printed there, and where.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrinting {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<RawNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<RawNumber>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<RawScalar>,
    pub value: RawNumber,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<RawText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub id: RawScalar,
    pub title: RawText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directive: Option<RawText>,
    pub owner: RawText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<RawScalar>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<RawText>,
    pub as_of: RawScalar,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RawText>,
}

/// The YAML front matter of a Markdown page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<RawScalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
}

/// A mapping from names to values in which a name written twice is an error.
///
/// serde fills a `BTreeMap` with the last of two equal keys without a word; this map makes
/// serde fail instead (`duplicate entry with key …`). The load step then indexes the file and
/// reports every duplicate with both positions, so a file that parses needs no index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UniqueMap<V>(pub BTreeMap<String, V>);

impl<V> std::ops::Deref for UniqueMap<V> {
    type Target = BTreeMap<String, V>;
    fn deref(&self) -> &BTreeMap<String, V> {
        &self.0
    }
}

impl<'a, V> IntoIterator for &'a UniqueMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Unique<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueMap<V>, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    // One search a key: the entry says whether it is taken and where it goes.
                    match out.entry(key) {
                        std::collections::btree_map::Entry::Occupied(taken) => {
                            return Err(de::Error::custom(format!(
                                "duplicate entry with key `{}`",
                                taken.key()
                            )));
                        }
                        std::collections::btree_map::Entry::Vacant(free) => {
                            free.insert(map.next_value()?);
                        }
                    }
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(Unique(std::marker::PhantomData))
    }
}

// ---- hand-written Deserialize impls for the loose types ----------------------------------

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawScalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (text, number or date)")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawScalar, E> {
                Ok(RawScalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScalar, E> {
                Ok(RawScalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScalar, E> {
                Ok(RawScalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScalar, E> {
                Ok(RawScalar(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScalar, E> {
                Ok(RawScalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Both {
            vi: String,
            en: Option<String>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or a map `{ vi: …, en: … }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText {
                    vi: v.to_string(),
                    en: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawText, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawText, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawText, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawText, A::Error> {
                let both = Both::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawText {
                    vi: both.vi,
                    en: both.en,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, `no-cases`, `not-applicable`, or a map such as `{ numerator: …, denominator: … }`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::Word(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                let full = RawValueMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawValue::Full(Box::new(full)))
            }
        }
        d.deserialize_any(V)
    }
}

// ---- Serialize: the inverse of the hand-written readers --------------------------------------
//
// Only the memo of parsed files ([`super::memo`]) writes raw values, in MessagePack, and reads
// them back through the `Deserialize` impls above: each value is written in the one form its
// reader turns back into the same value (a round trip tested on every fixture site). A field
// left empty is not written at all (`skip_serializing_if`): it reads back as empty, and most
// fields of a figure are empty.

impl Serialize for RawNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawNumber::Number(n) => s.serialize_f64(*n),
            RawNumber::Text(t) => s.serialize_str(t),
        }
    }
}

impl Serialize for RawScalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for RawText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.en {
            None => s.serialize_str(&self.vi),
            Some(en) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("vi", &self.vi)?;
                map.serialize_entry("en", en)?;
                map.end()
            }
        }
    }
}

impl Serialize for RawValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawValue::Number(n) => s.serialize_f64(*n),
            RawValue::Word(w) => s.serialize_str(w),
            RawValue::Full(full) => full.serialize(s),
        }
    }
}

impl<V: Serialize> Serialize for UniqueMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}
