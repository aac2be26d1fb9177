//! The test behind the rule across kinds (`super::combinations`), made incremental: figures are
//! offered one at a time, most telling first, and each is kept only if no weighted combination
//! of the kept figures and it can vanish on every group of `k` or more responses without
//! vanishing everywhere.
//!
//! Stated on the matrix whose rows are the kept figures and whose columns are the groups of
//! responses that belong to exactly the same kept figures (their *signature*): the test passes
//! when every small group's column is a combination of the large groups' columns, that is when
//! the large columns have the same rank as all of them. The rank of all columns is the rank of
//! the rows, which grows by at most one per kept figure, so offering a figure comes down to two
//! questions: is its row a combination of the kept rows (then it splits no group, adds no rank,
//! and the test passes as it did before), and if not, do the large columns reach the new rank
//! (they usually do after a handful of them)?
//!
//! The first question is answered without touching the responses' types one by one. The kept
//! rows that added rank are independent, so some of the types (one *witness* per such row) make
//! them an invertible square matrix, whose inverse is kept up to date (a bordered inverse: one
//! row and column more per row kept). The only combination of the kept rows that can equal the
//! new row is then the one that matches it on the witnesses, read off the inverse; it equals the
//! row everywhere or not at all. A row that splits a group is never a combination (every
//! combination is constant on groups), and one of the split group's two halves is a new witness:
//! they agree on every kept row and differ on the new one. A row that splits nothing is checked
//! against the matching combination on one type per group, and one identical to a kept row
//! passes at once.
//!
//! Everything is exact: arithmetic modulo two primes, and a figure is kept only if the test
//! passes modulo both. The straightforward form (groups rebuilt and every column eliminated for
//! each figure) is kept in the tests below as the reference this one must agree with.

/// Two primes below 2³², for exact elimination in `u64` arithmetic (a product of two residues
/// fits). They are values, not constant parameters: one copy of the code serves both (in wasm a
/// constant divisor is no faster, and the copy cost a kilobyte). A matrix of noughts and ones has the same rank over the rationals and modulo a prime
/// unless the prime divides every largest minor; the test is made modulo both and a figure is
/// kept only when both say it is safe, so a coincidence would have to happen modulo both.
const P0: u64 = 4_294_967_291;
const P1: u64 = 4_294_967_279;

/// The inverse of `value` modulo the prime `p`.
fn inverse(value: u64, p: u64) -> u64 {
    let (mut base, mut exponent, mut result) = (value % p, p - 2, 1u64);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % p;
        }
        base = base * base % p;
        exponent >>= 1;
    }
    result
}

/// `a + b` modulo `p`, for residues.
fn add(a: u64, b: u64, p: u64) -> u64 {
    let sum = a + b;
    if sum >= p { sum - p } else { sum }
}

/// An echelon basis modulo the prime `p`: each vector is one at its pivot and was reduced
/// against every vector before it, so reducing against them in order leaves zero exactly on the
/// span.
struct Echelon {
    p: u64,
    basis: Vec<(usize, Vec<u64>)>,
}

impl Echelon {
    fn new(p: u64) -> Self {
        Echelon { p, basis: Vec::new() }
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
                let minus = self.p - factor;
                for (x, &y) in v.iter_mut().zip(b) {
                    if y != 0 {
                        // x < p and (p - 1)² + p - 1 < 2⁶⁴.
                        *x = (*x + minus * y) % self.p;
                    }
                }
            }
        }
    }

    /// Adds a vector that `reduce` left non-zero (a zero one adds nothing).
    fn push_reduced(&mut self, mut v: Vec<u64>) {
        if let Some(pivot) = v.iter().position(|&x| x != 0) {
            let scale = inverse(v[pivot], self.p);
            for x in &mut v {
                *x = *x * scale % self.p;
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

/// A figure offered: its segment (0: every segment) and the position of its kind.
type Offer = (usize, usize);

/// Whether the responses of type `t` are counted in the figure `offer`.
fn counts(t: &Type, (segment, position): Offer) -> bool {
    (segment == 0 || t.segment == segment) && t.member[position]
}

/// Modulo the prime `p`: the kept figures that added rank (as indices into `Combinations::kept`), one
/// witness type for each, and the inverse of the square matrix they make (`inverse[i][j]`: the
/// entry of witness `i` and row `j`).
struct Independent {
    p: u64,
    rows: Vec<usize>,
    witnesses: Vec<usize>,
    inverse: Vec<Vec<u64>>,
}

/// What one prime says of a figure offered: a combination of the kept rows, or a new witness
/// together with the combination `c` and the matching column `alpha` the inverse's update needs.
enum Verdict {
    Combination,
    Independent { witness: usize, c: Vec<u64>, alpha: Vec<u64>, schur: u64 },
}

impl Independent {
    fn new(p: u64) -> Self {
        Independent { p, rows: Vec::new(), witnesses: Vec::new(), inverse: Vec::new() }
    }

    /// The combination of the kept rows `c` weights: its value on the type `t`.
    fn value(&self, kept: &[Offer], c: &[u64], t: &Type) -> u64 {
        self.rows.iter().zip(c).filter(|&(&j, _)| counts(t, kept[j])).fold(0, |sum, (_, &x)| add(sum, x, self.p))
    }

    /// Whether `row` is a combination of the kept rows; if not, a witness for it. `split` is a
    /// pair of types of one group that `row` separates (the first outside it), if there is one;
    /// `reps` one type of each group otherwise.
    fn judge(
        &self,
        types: &[Type],
        kept: &[Offer],
        row: &[bool],
        split: Option<(usize, usize)>,
        reps: &[usize],
    ) -> Verdict {
        let r = self.rows.len();
        // The only combination that can equal the row: the one matching it on the witnesses.
        let mut c = vec![0u64; r];
        for (i, _) in self.witnesses.iter().enumerate().filter(|&(_, &w)| row[w]) {
            for (x, &y) in c.iter_mut().zip(&self.inverse[i]) {
                *x = add(*x, y, self.p);
            }
        }
        let differs = |t: usize| {
            let value = self.value(kept, &c, &types[t]);
            (value != u64::from(row[t])).then_some(value)
        };
        let found = match split {
            // Both halves have the combination's value; it differs from the row on one of them.
            Some((outside, inside)) => {
                differs(outside).map(|v| (outside, v)).or_else(|| differs(inside).map(|v| (inside, v)))
            }
            None => reps.iter().find_map(|&t| differs(t).map(|v| (t, v))),
        };
        let Some((witness, value)) = found else { return Verdict::Combination };
        // The bordered inverse needs the witness's column through the inverse, and the Schur
        // complement: the row's entry on the witness minus the combination's, not zero.
        let mut alpha = vec![0u64; r];
        for (j, _) in self.rows.iter().enumerate().filter(|&(_, &j)| counts(&types[witness], kept[j])) {
            for (a, inv) in alpha.iter_mut().zip(&self.inverse) {
                *a = add(*a, inv[j], self.p);
            }
        }
        let schur = (u64::from(row[witness]) + self.p - value) % self.p;
        Verdict::Independent { witness, c, alpha, schur }
    }

    /// Keeps the row `index` of `kept`, with its witness: the inverse grows by one row and column.
    fn keep(&mut self, index: usize, witness: usize, c: &[u64], alpha: &[u64], schur: u64) {
        let p = self.p;
        let s = inverse(schur, p);
        for (inv, &a) in self.inverse.iter_mut().zip(alpha) {
            let a_s = a * s % p;
            for (x, &cj) in inv.iter_mut().zip(c) {
                *x = add(*x, a_s * cj % p, p);
            }
            inv.push((p - a_s) % p);
        }
        let mut last: Vec<u64> = c.iter().map(|&cj| (p - cj * s % p) % p).collect();
        last.push(s);
        self.inverse.push(last);
        self.rows.push(index);
        self.witnesses.push(witness);
    }

    /// Whether the large groups' columns, the kept rows and `row` on one type of each, reach the
    /// rank the rows have with `row` added.
    fn large_reach(&self, types: &[Type], kept: &[Offer], row: &[bool], groups: &[(usize, u64)], k: u64) -> bool {
        let rank = self.rows.len() + 1;
        let mut large = Echelon::new(self.p);
        for &(t, _) in groups.iter().filter(|(_, n)| *n >= k) {
            let mut column: Vec<u64> = self.rows.iter().map(|&j| u64::from(counts(&types[t], kept[j]))).collect();
            column.push(u64::from(row[t]));
            large.reduce(&mut column);
            large.push_reduced(column);
            if large.rank() == rank {
                return true;
            }
        }
        false
    }
}

/// The test's state: the kept figures, and the groups they make.
pub(super) struct Combinations<'a> {
    types: &'a [Type],
    k: u64,
    /// Every figure kept, and the types it counts as bits (to pass one that counts the same at once).
    kept: Vec<Offer>,
    kept_rows: Vec<Vec<u64>>,
    independent: [Independent; 2],
    /// Per type, its group.
    group: Vec<usize>,
    /// Per group, one of its types and how many responses it holds.
    groups: Vec<(usize, u64)>,
}

/// Groups after one more figure: per type its new group, the groups, and two types of one old
/// group that the figure separates (outside it, in it), if it separates any.
type Refined = (Vec<usize>, Vec<(usize, u64)>, Option<(usize, usize)>);

impl<'a> Combinations<'a> {
    pub fn new(types: &'a [Type], k: u64) -> Self {
        let total = types.iter().map(|t| t.n).sum();
        Combinations {
            types,
            k,
            kept: Vec::new(),
            kept_rows: Vec::new(),
            independent: [Independent::new(P0), Independent::new(P1)],
            group: vec![0; types.len()],
            groups: vec![(0, total)],
        }
    }

    /// Offers the figure of `segment` (0: every segment) over the kind at `position`: keeps it and
    /// says true when the kept figures and it pass the test, else leaves the state as it was.
    pub fn admit(&mut self, segment: usize, position: usize) -> bool {
        let offer = (segment, position);
        let row: Vec<bool> = self.types.iter().map(|t| counts(t, offer)).collect();
        let mut bits = vec![0u64; row.len().div_ceil(64)];
        for (t, _) in row.iter().enumerate().filter(|&(_, &m)| m) {
            bits[t / 64] |= 1 << (t % 64);
        }
        if bits.iter().all(|&w| w == 0) || self.kept_rows.contains(&bits) {
            // Nobody, or the same responses as a kept figure: a combination of the kept rows.
            return true;
        }
        let (group, groups, split) = self.refine(&row);
        let reps: Vec<usize> = self.groups.iter().map(|&(t, _)| t).collect();
        let (types, kept, k) = (self.types, &self.kept, self.k);
        let mut verdicts = Vec::with_capacity(2);
        for independent in &self.independent {
            let verdict = independent.judge(types, kept, &row, split, &reps);
            if let Verdict::Independent { .. } = verdict
                && !independent.large_reach(types, kept, &row, &groups, k)
            {
                return false;
            }
            verdicts.push(verdict);
        }
        let index = self.kept.len();
        for (independent, verdict) in self.independent.iter_mut().zip(verdicts) {
            if let Verdict::Independent { witness, c, alpha, schur } = verdict {
                independent.keep(index, witness, &c, &alpha, schur);
            }
        }
        self.kept.push(offer);
        self.kept_rows.push(bits);
        (self.group, self.groups) = (group, groups);
        true
    }

    /// The groups split by `row`.
    fn refine(&self, row: &[bool]) -> Refined {
        let mut split: Vec<[Option<usize>; 2]> = vec![[None; 2]; self.groups.len()];
        let mut groups: Vec<(usize, u64)> = Vec::new();
        let mut pair = None;
        let group = self
            .group
            .iter()
            .zip(row)
            .zip(self.types)
            .enumerate()
            .map(|(t, ((&old, &bit), ty))| {
                let slot = &mut split[old][usize::from(bit)];
                let id = *slot.get_or_insert_with(|| {
                    groups.push((t, 0));
                    groups.len() - 1
                });
                if pair.is_none()
                    && let [Some(outside), Some(inside)] = split[old]
                {
                    pair = Some((groups[outside].0, groups[inside].0));
                }
                groups[id].1 += ty.n;
                id
            })
            .collect();
        (group, groups, pair)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The straightforward test, as the rule was first written: for each figure offered, the
    /// groups rebuilt from scratch and every small group's column reduced against the large ones.
    fn reference(types: &[Type], k: u64, offers: &[(usize, usize)]) -> Vec<bool> {
        fn safe(columns: &[(Vec<bool>, u64)], k: u64, p: u64) -> bool {
            let mut basis = Echelon::new(p);
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
                let ok = safe(&columns, k, P0) && safe(&columns, k, P1);
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
            let segments = 1 + rng.next(5) as usize;
            let kinds = 1 + rng.next(8) as usize;
            let k = 2 + rng.next(4);
            let count = rng.next(30) as usize;
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
