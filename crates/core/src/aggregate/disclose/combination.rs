//! The test behind the rule across kinds (`super::combinations`), made incremental: figures are
//! offered one at a time, most telling first, and each is kept only if no weighted combination
//! of the kept figures and it can vanish on every group of `k` or more responses without
//! vanishing everywhere.
//!
//! Stated on the matrix whose rows are the kept figures and whose columns are the groups of
//! responses that belong to exactly the same kept figures (their *signature*): the test passes
//! when every small group's column is a combination of the large groups' columns, that is when
//! the large columns have the same rank as all of them. Two facts make it cheap:
//!
//! - The rank of all columns is the rank of the rows, which grows by at most one per kept
//!   figure; it is kept as an echelon basis of the kept rows over the *types* of response (the
//!   finest grouping, fixed for the whole test), so offering a figure costs one reduction.
//! - A figure whose row is a combination of the kept rows splits no group (its value on a type
//!   is then a function of the type's signature) and adds no rank: the test passes as it did
//!   before. Otherwise the large columns are eliminated until their rank reaches the new rank
//!   of all columns, which is usually after a handful of them.
//!
//! Everything is exact: elimination modulo two primes, and a figure is kept only if the test
//! passes modulo both. The straightforward form (groups rebuilt and every column eliminated for
//! each figure) is kept in the tests below as the reference this one must agree with.

/// Two primes below 2³², for exact elimination in `u64` arithmetic (a product of two residues
/// fits). A matrix of noughts and ones has the same rank over the rationals and modulo a prime
/// unless the prime divides every largest minor; the test is made modulo both and a figure is
/// kept only when both say it is safe, so a coincidence would have to happen modulo both.
const P0: u64 = 4_294_967_291;
const P1: u64 = 4_294_967_279;

fn inverse<const P: u64>(value: u64) -> u64 {
    let (mut base, mut exponent, mut result) = (value % P, P - 2, 1u64);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % P;
        }
        base = base * base % P;
        exponent >>= 1;
    }
    result
}

/// An echelon basis modulo `P`: each vector is one at its pivot and was reduced against every
/// vector before it, so reducing against them in order leaves zero exactly on the span.
struct Echelon<const P: u64> {
    basis: Vec<(usize, Vec<u64>)>,
}

impl<const P: u64> Echelon<P> {
    fn new() -> Self {
        Echelon { basis: Vec::new() }
    }

    fn rank(&self) -> usize {
        self.basis.len()
    }

    /// `v` minus a combination of the basis that vanishes at every pivot: zero exactly when `v`
    /// is in the span.
    fn reduce(&self, v: &mut [u64]) {
        for (pivot, b) in &self.basis {
            let factor = v[*pivot];
            if factor != 0 {
                let minus = P - factor;
                for (x, &y) in v.iter_mut().zip(b) {
                    if y != 0 {
                        // x < P and (P - 1)² + P - 1 < 2⁶⁴.
                        *x = (*x + minus * y) % P;
                    }
                }
            }
        }
    }

    /// Adds a vector that `reduce` left non-zero (a zero one adds nothing).
    fn push_reduced(&mut self, mut v: Vec<u64>) {
        if let Some(pivot) = v.iter().position(|&x| x != 0) {
            let scale = inverse::<P>(v[pivot]);
            for x in &mut v {
                *x = *x * scale % P;
            }
            self.basis.push((pivot, v));
        }
    }
}

/// Responses that belong to exactly the same figures: the segment they are in, whether they
/// belong to each kind of figure (by position), and how many there are.
pub(super) struct Type {
    pub segment: usize,
    pub member: Vec<bool>,
    pub n: u64,
}

/// The test's state: the kept rows, and the groups they make.
pub(super) struct Combinations<'a> {
    types: &'a [Type],
    k: u64,
    rows: (Echelon<P0>, Echelon<P1>),
    /// Per type, its group.
    group: Vec<usize>,
    /// Per group, its signature (membership in each kept figure) and how many responses it holds.
    groups: Vec<(Vec<bool>, u64)>,
}

/// Groups after one more figure: per type its new group, and the groups.
type Refined = (Vec<usize>, Vec<(Vec<bool>, u64)>);

impl<'a> Combinations<'a> {
    pub fn new(types: &'a [Type], k: u64) -> Self {
        let total = types.iter().map(|t| t.n).sum();
        Combinations {
            types,
            k,
            rows: (Echelon::new(), Echelon::new()),
            group: vec![0; types.len()],
            groups: vec![(Vec::new(), total)],
        }
    }

    /// Offers the figure of `segment` (0: every segment) over the kind at `position`: keeps it and
    /// says true when the kept figures and it pass the test, else leaves the state as it was.
    pub fn admit(&mut self, segment: usize, position: usize) -> bool {
        let row: Vec<bool> =
            self.types.iter().map(|t| (segment == 0 || t.segment == segment) && t.member[position]).collect();
        let refined = self.refine(&row);
        let Some(new0) = self.passes(&self.rows.0, &row, &refined.1) else { return false };
        let Some(new1) = self.passes(&self.rows.1, &row, &refined.1) else { return false };
        new0.into_iter().for_each(|v| self.rows.0.push_reduced(v));
        new1.into_iter().for_each(|v| self.rows.1.push_reduced(v));
        (self.group, self.groups) = refined;
        true
    }

    /// The groups split by `row`.
    fn refine(&self, row: &[bool]) -> Refined {
        let mut split: Vec<[Option<usize>; 2]> = vec![[None; 2]; self.groups.len()];
        let mut groups: Vec<(Vec<bool>, u64)> = Vec::new();
        let group = self
            .group
            .iter()
            .zip(row)
            .zip(self.types)
            .map(|((&old, &bit), t)| {
                let slot = &mut split[old][usize::from(bit)];
                let id = *slot.get_or_insert_with(|| {
                    let mut signature = self.groups[old].0.clone();
                    signature.push(bit);
                    groups.push((signature, 0));
                    groups.len() - 1
                });
                groups[id].1 += t.n;
                id
            })
            .collect();
        (group, groups)
    }

    /// Modulo `P`: `None` when the test fails with `row`; else the row reduced against the kept
    /// ones, to keep when it is not zero.
    fn passes<const P: u64>(
        &self,
        kept: &Echelon<P>,
        row: &[bool],
        groups: &[(Vec<bool>, u64)],
    ) -> Option<Option<Vec<u64>>> {
        let mut v: Vec<u64> = row.iter().map(|&m| u64::from(m)).collect();
        kept.reduce(&mut v);
        if v.iter().all(|&x| x == 0) {
            // In the span of the kept rows: no group splits, no rank is added, and the test
            // passed for the kept figures.
            return Some(None);
        }
        let rank = kept.rank() + 1;
        let mut large = Echelon::<P>::new();
        for (signature, _) in groups.iter().filter(|(_, n)| *n >= self.k) {
            let mut column: Vec<u64> = signature.iter().map(|&m| u64::from(m)).collect();
            large.reduce(&mut column);
            large.push_reduced(column);
            if large.rank() == rank {
                return Some(Some(v));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The straightforward test, as the rule was first written: for each figure offered, the
    /// groups rebuilt from scratch and every small group's column reduced against the large ones.
    fn reference(types: &[Type], k: u64, offers: &[(usize, usize)]) -> Vec<bool> {
        fn safe<const P: u64>(columns: &[(Vec<bool>, u64)], k: u64) -> bool {
            let mut basis = Echelon::<P>::new();
            for (column, _) in columns.iter().filter(|(_, n)| *n >= k) {
                let mut v: Vec<u64> = column.iter().map(|&m| u64::from(m)).collect();
                basis.reduce(&mut v);
                basis.push_reduced(v);
            }
            columns.iter().filter(|(_, n)| *n < k).all(|(column, _)| {
                let mut v: Vec<u64> = column.iter().map(|&m| u64::from(m)).collect();
                basis.reduce(&mut v);
                v.iter().all(|&x| x == 0)
            })
        }
        let mut kept: Vec<(usize, usize)> = Vec::new();
        offers
            .iter()
            .map(|&offer| {
                kept.push(offer);
                let mut groups: std::collections::BTreeMap<Vec<bool>, u64> = std::collections::BTreeMap::new();
                for t in types {
                    let signature: Vec<bool> =
                        kept.iter().map(|&(s, p)| (s == 0 || s == t.segment) && t.member[p]).collect();
                    if signature.iter().any(|&m| m) {
                        *groups.entry(signature).or_default() += t.n;
                    }
                }
                let columns: Vec<(Vec<bool>, u64)> = groups.into_iter().collect();
                let ok = safe::<P0>(&columns, k) && safe::<P1>(&columns, k);
                if !ok {
                    kept.pop();
                }
                ok
            })
            .collect()
    }

    /// A small deterministic generator (the core takes no randomness from outside).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }
    }

    #[test]
    fn agrees_with_the_straightforward_test_on_many_random_cases() {
        let mut rng = Lcg(7);
        let mut withheld = 0;
        for case in 0..3_000 {
            let segments = 1 + rng.next(4) as usize;
            let kinds = 1 + rng.next(6) as usize;
            let k = 2 + rng.next(4);
            let count = rng.next(14) as usize;
            // Memberships skewed towards "in", as real responses are, so both outcomes occur.
            let types: Vec<Type> = (0..count)
                .map(|_| Type {
                    segment: 1 + rng.next(segments as u64) as usize,
                    member: (0..kinds).map(|_| rng.next(4) != 0).collect(),
                    n: 1 + rng.next(2 * k),
                })
                .collect();
            let offers: Vec<(usize, usize)> = (0..2 * kinds)
                .map(|_| (rng.next(segments as u64 + 1) as usize, rng.next(kinds as u64) as usize))
                .collect();
            let expected = reference(&types, k, &offers);
            let mut test = Combinations::new(&types, k);
            let got: Vec<bool> = offers.iter().map(|&(s, p)| test.admit(s, p)).collect();
            assert_eq!(got, expected, "case {case}");
            withheld += expected.iter().filter(|&&ok| !ok).count();
        }
        // The cases exercise both outcomes, not only "kept".
        assert!(withheld > 1_000, "only {withheld} figures withheld");
    }

    #[test]
    fn a_figure_that_differs_from_a_kept_one_by_one_response_is_refused() {
        // Twelve in the overall score, eleven of them in the area: their difference is one.
        let types = [
            Type { segment: 1, member: vec![true, true], n: 11 },
            Type { segment: 1, member: vec![true, false], n: 1 },
        ];
        let mut test = Combinations::new(&types, 5);
        assert!(test.admit(0, 0));
        assert!(!test.admit(0, 1));
        // A figure over the same twelve adds nothing and is kept.
        assert!(test.admit(1, 0));
    }
}
