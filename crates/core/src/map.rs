//! [`Map`]: a small ordered map kept as a sorted list.
//!
//! The schema's maps are small (one entry per language, per group, per scale) and are built once
//! and read many times. A `BTreeMap` costs its node code (search, insert with splitting, clone
//! and drop of the tree) once per key and value type in the wasm; a sorted `Vec` needs a binary
//! search and `Vec::insert`. Measured in docs/benchmarks.md ("Size: code", 2026-12-03).

use std::borrow::Borrow;
use std::fmt;

/// An ordered map of unique keys, as a `Vec` of pairs sorted by key. Iteration is in key order,
/// as a `BTreeMap`'s; inserting a key already present replaces its value.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Map<K, V> {
    entries: Vec<(K, V)>,
}

/// The iterator of [`Map::iter`]: pairs of references in key order.
pub type Iter<'a, K, V> = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map { entries: Vec::new() }
    }
}

impl<K, V> Map<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Map { entries: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pairs in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        fn pair<K, V>((k, v): &(K, V)) -> (&K, &V) {
            (k, v)
        }
        self.entries.iter().map(pair as fn(&(K, V)) -> (&K, &V))
    }

    /// The pairs in key order, values mutable.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// The first pair in key order.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Keeps only the pairs for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> Map<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The place of `key`, to fill it if it is absent (as `BTreeMap::entry`, for the uses the
    /// product has: `or_default`, `or_insert`, `or_insert_with`).
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { map: self, at, key }
    }
}

/// A key's place in a [`Map`], from [`Map::entry`].
pub struct Entry<'a, K, V> {
    map: &'a mut Map<K, V>,
    at: Result<usize, usize>,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, inserted with `make` first if the key is absent.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.entries.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.entries[i].1
    }

    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Later pairs win, as for a `BTreeMap`. Sorted once at the end (stably, so that of equal keys
/// the last stays): inserting one by one would move the list at each key, quadratic for a hostile
/// document of a hundred thousand keys in reverse order.
impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut entries: Vec<(K, V)> = pairs.into_iter().collect();
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return Map { entries };
        }
        crate::order::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match unique.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => unique.push((k, v)),
            }
        }
        Map { entries: unique }
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Map<K, V> {
    type Output = V;
    /// Panics when `key` is absent, as a `BTreeMap`'s index does.
    fn index(&self, key: &Q) -> &V {
        #[allow(clippy::expect_used)]
        self.get(key).expect("no entry found for key")
    }
}

/// As a JSON object (or the serializer's map), in key order, as a `BTreeMap` is written.
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for Map<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::Map;

    #[test]
    fn keeps_keys_sorted_and_unique_with_later_values_winning() {
        let mut map: Map<String, u32> =
            [("fr", 1), ("ar", 2), ("en", 3), ("fr", 4)].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), ["ar", "en", "fr"]);
        assert_eq!(map.get("fr"), Some(&4));
        assert_eq!(map.insert("es".to_owned(), 5), None);
        assert_eq!(map.insert("es".to_owned(), 6), Some(5));
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [2, 3, 6, 4]);
        assert_eq!(map.remove("ar"), Some(2));
        assert_eq!(map.remove("ar"), None);
        assert!(!map.contains_key("ar"));
        assert_eq!(map["en"], 3);
        assert_eq!(map.len(), 3);
        *map.entry("pt".to_owned()).or_default() += 7;
        *map.entry("pt".to_owned()).or_insert(1) += 1;
        assert_eq!(map.get("pt"), Some(&8));
        assert_eq!(format!("{map:?}"), r#"{"en": 3, "es": 6, "fr": 4, "pt": 8}"#);
    }

    #[test]
    fn a_hundred_thousand_keys_in_reverse_order_are_collected_sorted_with_the_last_value_kept() {
        let keys: Vec<String> = (0..100_000).rev().map(|i| format!("k{i:06}")).collect();
        let map: Map<String, usize> = keys.iter().cloned().zip(0..).chain([("k000000".to_owned(), 7)]).collect();
        assert_eq!(map.len(), 100_000);
        assert!(map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b));
        assert_eq!(map.get("k000000"), Some(&7));
        assert_eq!(map.get("k099999"), Some(&0));
    }

    #[test]
    fn equal_maps_compare_equal_whatever_the_insertion_order() {
        let a: Map<&str, u8> = [("b", 1), ("a", 2)].into();
        let b: Map<&str, u8> = [("a", 2), ("b", 1)].into();
        assert_eq!(a, b);
        assert!(Map::<&str, u8>::new().is_empty());
    }
}
