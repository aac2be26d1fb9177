//! Typed reading of a [`Value`] tree: [`Reader`] collects every problem with its path, [`Obj`]
//! reads one object's members and reports the unknown ones, [`FromJson`] is what a type read by
//! hand implements.

use crate::map::Map;
use std::borrow::Cow;

use super::Value;
use crate::diag::{Diagnostic, Diagnostics};

/// Reads typed values out of a [`Value`] tree, collecting every problem instead of stopping at
/// the first. After a problem it carries on with a default, so the caller must check
/// [`Reader::finish`] before trusting what it read.
#[derive(Debug, Default)]
pub struct Reader {
    diags: Diagnostics,
}

impl Reader {
    pub fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.diags.push(path, message);
    }

    /// `value` if nothing went wrong, else every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        self.diags.into_result(value)
    }

    fn expected(&mut self, path: &str, what: &str, found: &Value<'_>) {
        let found = found.kind();
        self.problem(path, format!("expected {what}, found {found}"));
    }

    /// Reads an object with `build`, then reports the members `build` did not read.
    pub fn fields<'v, 'a, T>(
        &mut self,
        value: &'v Value<'a>,
        path: &str,
        build: impl FnOnce(&mut Obj<'v, 'a>, &mut Reader) -> T,
    ) -> T {
        let mut o = self.object(value, path);
        let out = build(&mut o, self);
        o.finish(self);
        out
    }

    /// The members of an object. Anything else is a problem, and reads as an empty object.
    pub fn object<'v, 'a>(&mut self, value: &'v Value<'a>, path: &str) -> Obj<'v, 'a> {
        let members: &'v [(Cow<'a, str>, Value<'a>)] = match value {
            Value::Object(members) => members,
            other => {
                self.expected(path, "an object", other);
                &[]
            }
        };
        Obj {
            path: path.to_owned(),
            members,
            used: vec![false; members.len()],
            valid: matches!(value, Value::Object(_)),
        }
    }
}

/// The members of one object being read; unknown members are reported by [`Obj::finish`].
#[derive(Debug)]
pub struct Obj<'v, 'a> {
    path: String,
    members: &'v [(Cow<'a, str>, Value<'a>)],
    used: Vec<bool>,
    /// False when the value was not an object: missing fields are then not reported again.
    valid: bool,
}

impl<'v, 'a> Obj<'v, 'a> {
    /// The path of member `key`.
    pub fn path_of(&self, key: &str) -> String {
        member_path(&self.path, key)
    }

    /// The raw value of member `key`, marking it as read.
    pub fn get(&mut self, key: &str) -> Option<&'v Value<'a>> {
        let i = self.members.iter().position(|(k, _)| k == key)?;
        self.used[i] = true;
        Some(&self.members[i].1)
    }

    /// Member `key` and its path, marked as read; `null` counts as absent unless `required`, and
    /// a missing required member is reported here. One copy for every type read: the typed
    /// wrappers below are instantiated per type, so they keep only the call to `T::read`
    /// (measured in docs/benchmarks.md, "Size: code").
    #[inline(never)]
    fn member(&mut self, r: &mut Reader, key: &str, required: bool) -> Option<(&'v Value<'a>, String)> {
        match self.get(key) {
            Some(Value::Null) if !required => None,
            Some(v) => Some((v, self.path_of(key))),
            None => {
                if required && self.valid {
                    r.problem(&self.path, format!("the field \"{key}\" is missing"));
                }
                None
            }
        }
    }

    /// A required member.
    pub fn req<T: FromJson>(&mut self, r: &mut Reader, key: &str) -> T {
        match self.member(r, key, true) {
            Some((v, path)) => T::read(r, v, &path),
            None => T::default(),
        }
    }

    /// An optional member with a default; `null` counts as absent.
    pub fn or<T: FromJson>(&mut self, r: &mut Reader, key: &str, default: T) -> T {
        match self.member(r, key, false) {
            Some((v, path)) => T::read(r, v, &path),
            None => default,
        }
    }

    /// An optional member; `null` counts as absent.
    pub fn opt<T: FromJson>(&mut self, r: &mut Reader, key: &str) -> Option<T> {
        self.member(r, key, false).map(|(v, path)| T::read(r, v, &path))
    }

    /// Reports every member that was never read: the schema has no such field.
    pub fn finish(self, r: &mut Reader) {
        for ((key, _), used) in self.members.iter().zip(&self.used) {
            if !used {
                r.problem(&self.path_of(key), "this field is not part of the format (check its spelling)");
            }
        }
    }
}

/// The path of member `key` of the object at `path` (`scale.labels`; just `key` at the root).
fn member_path(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// A type read from JSON by hand. `Default` is what a problem reads as.
pub trait FromJson: Default {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self;
}

impl FromJson for String {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        match value {
            Value::String(s) => s.to_string(),
            other => {
                r.expected(path, "a string", other);
                String::new()
            }
        }
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        match value {
            Value::Bool(b) => *b,
            other => {
                r.expected(path, "true or false", other);
                false
            }
        }
    }
}

impl FromJson for f64 {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        match value {
            Value::Number(n) => *n,
            other => {
                r.expected(path, "a number", other);
                0.0
            }
        }
    }
}

/// A whole number in `lo..=hi`, or a problem.
fn whole(r: &mut Reader, value: &Value<'_>, path: &str, lo: i64, hi: i64) -> Option<i64> {
    match value {
        Value::Number(n) if n.fract() == 0.0 && (lo as f64..=hi as f64).contains(n) => Some(*n as i64),
        Value::Number(_) => {
            // Integers, not floats, in the message: float formatting would add 15 KB to the wasm.
            r.problem(path, format!("expected a whole number from {lo} to {hi}"));
            None
        }
        other => {
            r.expected(path, "a whole number", other);
            None
        }
    }
}

impl FromJson for u32 {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        whole(r, value, path, 0, i64::from(u32::MAX)).map_or(0, |n| n as u32)
    }
}

impl FromJson for i32 {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        whole(r, value, path, i64::from(i32::MIN), i64::from(i32::MAX)).map_or(0, |n| n as i32)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        match value {
            Value::Array(items) => {
                items.iter().enumerate().map(|(i, v)| T::read(r, v, &format!("{path}[{i}]"))).collect()
            }
            other => {
                r.expected(path, "a list", other);
                Vec::new()
            }
        }
    }
}

impl<T: FromJson> FromJson for Map<String, T> {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        match value {
            Value::Object(members) => {
                members.iter().map(|(k, v)| (k.to_string(), T::read(r, v, &member_path(path, k)))).collect()
            }
            other => {
                r.expected(path, "an object", other);
                Map::new()
            }
        }
    }
}

/// Reads a string that must be one of `names`, as the matching variant of `variants`.
pub fn one_of<T: Copy + Default>(r: &mut Reader, value: &Value<'_>, path: &str, choices: &[(&str, T)]) -> T {
    if let Value::String(s) = value
        && let Some((_, v)) = choices.iter().find(|(name, _)| name == s)
    {
        return *v;
    }
    let names: Vec<String> = choices.iter().map(|(name, _)| format!("\"{name}\"")).collect();
    r.problem(path, format!("expected one of {}", names.join(", ")));
    T::default()
}
