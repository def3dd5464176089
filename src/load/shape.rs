//! What a raw type looks like to an author, learnt from its own `Deserialize`.
//!
//! The second reading of a file (`recover`) needs, for each kind of entry, its field names,
//! which of them are required and what each holds (text, a list, a `{ vi, en }` label); the
//! messages need how to write a raw struct that serde names (`struct RawLabel`). All of it is
//! asked of the raw types themselves through stand-in deserializers that read no YAML, so
//! `raw.rs` stays the one description of what an author may write.

use serde::de::{self, DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use std::cell::RefCell;

/// How an author writes a raw struct: what `invalid type` messages say instead of its name.
pub(super) struct Written {
    pub en: String,
    pub vi: String,
    /// The one-line form, for a small group whose every field is required.
    pub flow: Option<String>,
}

/// How to write the raw struct serde calls `name` (`RawLabel` → `{ vi: "…", en: "…" }`).
pub(super) fn written_as(name: &str) -> Option<Written> {
    use super::raw::*;
    let shape = match name {
        // `RawText`'s own map: `vi` required, `en` optional.
        "Both" => {
            return Some(Written {
                en: "`{ vi: \"…\", en: \"…\" }`".to_string(),
                vi: "`{ vi: \"…\", en: \"…\" }`".to_string(),
                flow: Some("{ vi: \"…\", en: \"…\" }".to_string()),
            })
        }
        "RawLabel" => Shape::of::<RawLabel>(),
        "RawSite" => Shape::of::<RawSite>(),
        "RawPublisher" => Shape::of::<RawPublisher>(),
        "RawCorrections" => Shape::of::<RawCorrections>(),
        "RawLicence" => Shape::of::<RawLicence>(),
        "RawServices" => Shape::of::<RawServices>(),
        "RawIndicatorFile" => Shape::of::<RawIndicatorFile>(),
        "RawGroup" => Shape::of::<RawGroup>(),
        "RawIndicator" => Shape::of::<RawIndicator>(),
        "RawDimensionFile" => Shape::of::<RawDimensionFile>(),
        "RawDimension" => Shape::of::<RawDimension>(),
        "RawMember" => Shape::of::<RawMember>(),
        "RawProvince" => Shape::of::<RawProvince>(),
        "RawSuccessor" => Shape::of::<RawSuccessor>(),
        "RawFormation" => Shape::of::<RawFormation>(),
        "RawFormerUnit" => Shape::of::<RawFormerUnit>(),
        "RawReport" => Shape::of::<RawReport>(),
        "RawObservationBlock" => Shape::of::<RawObservationBlock>(),
        "RawValueMap" => Shape::of::<RawValueMap>(),
        "RawPrinting" => Shape::of::<RawPrinting>(),
        "RawTarget" => Shape::of::<RawTarget>(),
        "RawTask" => Shape::of::<RawTask>(),
        "RawFrontMatter" => Shape::of::<RawFrontMatter>(),
        _ => return None,
    };
    let keys = |names: &[&str]| {
        names
            .iter()
            .map(|f| format!("`{f}:`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // The one group small enough to write on one line, and the commonest to get wrong.
    if name == "RawLabel" {
        let flow = format!(
            "{{ {} }}",
            shape
                .fields
                .iter()
                .map(|f| format!("{f}: \"…\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Some(Written {
            en: format!("`{flow}`"),
            vi: format!("`{flow}`"),
            flow: Some(flow),
        });
    }
    let (en, vi) = if shape.required.is_empty() {
        let some: Vec<&str> = shape.fields.iter().take(3).copied().collect();
        (
            format!(
                "a group of `key: value` lines indented under it, such as {}",
                keys(&some)
            ),
            format!(
                "một nhóm các dòng `tên: giá trị` thụt vào bên dưới, ví dụ {}",
                keys(&some)
            ),
        )
    } else {
        (
            format!(
                "a group of `key: value` lines indented under it, with at least {}",
                keys(&shape.required)
            ),
            format!(
                "một nhóm các dòng `tên: giá trị` thụt vào bên dưới, có ít nhất {}",
                keys(&shape.required)
            ),
        )
    };
    Some(Written { en, vi, flow: None })
}

/// The fields of a raw struct, those it cannot do without, and what each holds.
///
/// The names are what the derived code hands to `deserialize_struct`; a field is required
/// when the struct, given every other field, reports it missing; what a field holds is what
/// its type asks the deserializer for. All are asked of stand-in deserializers ([`Fields`],
/// [`Anything`], [`Recording`]) that read no YAML. A type that is not a struct (a figure
/// under `values:`) has no fields: only serde's message is reported for it.
pub(super) struct Shape {
    pub fields: &'static [&'static str],
    pub required: Vec<&'static str>,
    /// What each field holds, as far as its type says.
    pub holds: Vec<(&'static str, Holds)>,
}

/// What a field holds, to show how to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holds {
    /// A raw struct, by the name serde knows it by.
    Group(&'static str),
    List,
    Text,
    YesNo,
    /// Anything else (a loose value: text, a number or a date).
    Value,
}

impl Shape {
    pub(super) fn of<E: DeserializeOwned>() -> Shape {
        let mut fields: &'static [&'static str] = &[];
        let _ = E::deserialize(Fields(&mut fields));
        let required = fields
            .iter()
            .copied()
            .filter(|left_out| {
                let given = fields
                    .iter()
                    .filter(|f| *f != left_out)
                    .map(|f| (*f, Anything));
                let map = de::value::MapDeserializer::<_, de::value::Error>::new(given);
                match E::deserialize(map) {
                    Ok(_) => false,
                    Err(e) => e.to_string().starts_with("missing field"),
                }
            })
            .collect();
        let log = RefCell::new(Vec::new());
        let given = fields.iter().map(|f| {
            (
                *f,
                Recording {
                    field: f,
                    log: &log,
                },
            )
        });
        let _ = E::deserialize(de::value::MapDeserializer::<_, de::value::Error>::new(
            given,
        ));
        Shape {
            fields,
            required,
            holds: log.into_inner(),
        }
    }

    /// What `field` holds, when its type says.
    pub(super) fn holds(&self, field: &str) -> Option<Holds> {
        self.holds
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, h)| *h)
    }
}

/// A field's value that records what its type asks for, then reads as [`Anything`].
struct Recording<'a> {
    field: &'static str,
    log: &'a RefCell<Vec<(&'static str, Holds)>>,
}

impl Recording<'_> {
    fn note(&self, holds: Holds) {
        self.log.borrow_mut().push((self.field, holds));
    }
}

impl<'de> IntoDeserializer<'de, de::value::Error> for Recording<'_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Recording<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.note(Holds::Value);
        Anything.deserialize_any(v)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.note(Holds::YesNo);
        Anything.deserialize_bool(v)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.note(Holds::Text);
        Anything.deserialize_string(v)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.note(Holds::Text);
        Anything.deserialize_str(v)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        self.note(Holds::List);
        Anything.deserialize_seq(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        // What an optional field holds is what its inner type asks for.
        v.visit_some(self)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.note(Holds::Group(name));
        Anything.deserialize_struct(name, fields, v)
    }
    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct map enum identifier ignored_any
    }
}

/// A deserializer that only records the field names a struct asks for.
struct Fields<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for Fields<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A value that reads as whatever is asked of it: text, a number, `false`, an empty list or
/// map, a struct whose every field is itself [`Anything`]. Stands for the fields given when
/// finding which ones a struct requires.
#[derive(Clone, Copy)]
struct Anything;

impl<'de> IntoDeserializer<'de, de::value::Error> for Anything {
    type Deserializer = Anything;
    fn into_deserializer(self) -> Anything {
        self
    }
}

impl<'de> Deserializer<'de> for Anything {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_str("")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_bool(false)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_f64(0.0)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_none()
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_seq(de::value::SeqDeserializer::<_, de::value::Error>::new(
            std::iter::empty::<Anything>(),
        ))
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_map(de::value::MapDeserializer::<_, de::value::Error>::new(
            std::iter::empty::<(&str, Anything)>(),
        ))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        v.visit_map(de::value::MapDeserializer::<_, de::value::Error>::new(
            fields.iter().map(|f| (*f, Anything)),
        ))
    }
    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct enum identifier ignored_any
    }
}

/// A form serde expected (as written by `raw.rs` and by serde itself), as the author writes it.
pub(super) struct Form {
    pub en: String,
    pub vi: String,
    /// The one-line form of a small group (`{ vi: "…", en: "…" }`), to propose as the fix.
    pub flow: Option<String>,
    pub list: bool,
    pub lines: bool,
}

impl Form {
    pub(super) fn of(expected: &str) -> Form {
        let plain = |en: &str, vi: &str| Form {
            en: en.to_string(),
            vi: vi.to_string(),
            flow: None,
            list: false,
            lines: false,
        };
        let known = [
            ("a string", "text", "chữ"),
            ("a borrowed string", "text", "chữ"),
            ("field identifier", "a field name", "tên một trường"),
            ("a number", "a number", "một số"),
            ("a boolean", "`true` or `false`", "`true` hoặc `false`"),
            (
                "a single value (text, number or date)",
                "a single value (text, number or date)",
                "một giá trị đơn (chữ, số hoặc ngày)",
            ),
            (
                "text, or a map `{ vi: …, en: … }`",
                "text, or `{ vi: \"…\", en: \"…\" }`",
                "chữ, hoặc `{ vi: \"…\", en: \"…\" }`",
            ),
            (
                "a number, `no-cases`, `not-applicable`, or a map such as `{ numerator: …, denominator: … }`",
                "a number, `no-cases`, `not-applicable`, or a group such as `{ numerator: …, denominator: … }`",
                "một số, `no-cases`, `not-applicable`, hoặc một nhóm như `{ numerator: …, denominator: … }`",
            ),
        ];
        if let Some((_, en, vi)) = known.iter().find(|(e, _, _)| *e == expected) {
            return plain(en, vi);
        }
        if expected == "a sequence" {
            return Form {
                list: true,
                ..plain(
                    "a list (one `- ` line per item)",
                    "một danh sách (mỗi mục một dòng bắt đầu bằng `- `)",
                )
            };
        }
        if let Some(name) = expected.strip_prefix("struct ") {
            if let Some(written) = written_as(name) {
                return Form {
                    en: written.en,
                    vi: written.vi,
                    flow: written.flow,
                    list: false,
                    lines: true,
                };
            }
        }
        if expected.starts_with("struct ")
            || expected.starts_with("a map")
            || expected == "a YAML mapping"
        {
            return Form {
                lines: true,
                ..plain(
                    "a group of `key: value` lines",
                    "một nhóm các dòng `tên: giá trị`",
                )
            };
        }
        // u32, i64, f64: Rust's number types.
        let numeric = expected.len() > 1
            && expected.starts_with(['u', 'i', 'f'])
            && expected[1..].bytes().all(|b| b.is_ascii_digit());
        if numeric {
            return plain("a number", "một số");
        }
        plain(
            "another form (see docs/data-format.md)",
            "một dạng khác (xem docs/data-format.md)",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::{RawProvince, RawTask, RawValue};

    #[test]
    fn shapes_come_from_the_raw_types() {
        let task = Shape::of::<RawTask>();
        assert!(task.fields.contains(&"owner") && task.fields.contains(&"due_date"));
        assert_eq!(task.required, ["id", "title", "owner", "status", "as_of"]);
        let province = Shape::of::<RawProvince>();
        assert_eq!(province.required, ["name"]);
        assert!(Shape::of::<RawValue>().fields.is_empty());
    }

    #[test]
    fn what_each_field_holds_comes_from_its_type() {
        let province = Shape::of::<RawProvince>();
        assert_eq!(province.holds("name"), Some(Holds::Group("RawLabel")));
        assert_eq!(
            province.holds("successor"),
            Some(Holds::Group("RawSuccessor"))
        );
        assert_eq!(province.holds("tasks"), Some(Holds::List));
        let task = Shape::of::<RawTask>();
        assert_eq!(task.holds("status"), Some(Holds::Text));
        assert_eq!(task.holds("owner"), Some(Holds::Value));
        assert_eq!(task.holds("nothing"), None);
        let written = written_as("RawLabel").map(|w| w.flow);
        assert_eq!(written, Some(Some("{ vi: \"…\", en: \"…\" }".to_string())));
    }
}
