//! One stable sort for the core and the report.
//!
//! The standard library's stable sort is generic over the element and the comparison: each
//! `sort`, `sort_by_key` of a new element type or key is its own copy of the algorithm (quicksort,
//! drift sort, small sorts and merges), 3 to 4 KB of wasm each. The report had seven of them,
//! about 28 KB before packing. Here the algorithm (a merge sort of positions) is compiled once,
//! and what is generic per call is a comparison closure and the final move of the items.
//!
//! Stable, like `slice::sort_by`: equal items keep their order. O(n log n) comparisons, like it.

use std::cmp::Ordering;

/// The positions `0..n` in the order that sorts them stably by `compare` (which compares the
/// items at two positions).
#[inline(never)]
fn stable_order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // Take from the right only when it is strictly smaller: that keeps equal items
                // in their order.
                let take_right =
                    left == middle || (right < end && compare(order[right], order[left]) == Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Sorts `items` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| slots[at].take()));
}

/// Sorts `items` stably by `key`, as `slice::sort_by_key` does (the key is worked out at each
/// comparison, as there).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, Ord::cmp);
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sorts_as_the_standard_stable_sort_does_equal_keys_kept_in_order() {
        // A small deterministic generator: many lengths, many equal keys.
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for len in (0..70).chain([127, 128, 129, 1000]) {
            let items: Vec<(u32, usize)> = (0..len).map(|i| (next() % 7, i)).collect();
            let mut ours = items.clone();
            super::sort_by_key(&mut ours, |&(key, _)| key);
            let mut theirs = items.clone();
            theirs.sort_by_key(|&(key, _)| key);
            assert_eq!(ours, theirs, "length {len}");
            let mut ours = items.clone();
            super::sort(&mut ours);
            let mut theirs = items;
            theirs.sort();
            assert_eq!(ours, theirs, "length {len}");
        }
    }
}
