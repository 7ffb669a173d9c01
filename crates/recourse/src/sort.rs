//! One sort for the whole crate. Every `sort_by`, `sort_by_key` or `collect()` into a `BTreeMap`
//! over a new element type adds its own copy of the standard library's sorting code, 3 to 5 KB of
//! WebAssembly each (61 KB of the npm package's .wasm was sorting). Here the comparison sort runs
//! once, over indices; the generic part only compares and moves elements.

use std::cmp::Ordering;

/// Sort `v` by `cmp`, stably: equal elements keep their order.
pub(crate) fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = v;
        permutation(items.len(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
}

/// Sort `v` by a key, stably.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` in its natural order and drop repeated elements.
pub(crate) fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

/// The indices `0..n` in the order `cmp` gives, equal ones in their original order.
#[inline(never)]
#[allow(clippy::disallowed_methods, reason = "the one call of the standard library's sort")]
fn permutation(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
#[allow(clippy::disallowed_methods, reason = "the tests compare with the standard library's sort")]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn sorts_and_dedups() {
        let mut v = vec!["b", "a", "c", "a", "b"];
        sort_dedup(&mut v);
        assert_eq!(v, ["a", "b", "c"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_dedup(&mut empty);
        assert!(empty.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, proptest::prelude::any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v;
            std_sorted.sort_by_key(|x| x.0);
            proptest::prop_assert_eq!(ours, std_sorted);
        }
    }
}
