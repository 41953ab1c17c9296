#[cfg(test)]
mod grading {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    /// splitmix64: a tiny deterministic random source, so every run is the same.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[derive(Default)]
    struct ManualClock(Cell<u64>);

    impl Clock for ManualClock {
        fn now_ms(&self) -> u64 {
            self.0.get()
        }
    }

    /// Every value a product's discounts were set to, with the time of the change.
    type Changes = Vec<(u64, Vec<u32>)>;

    /// A source that also records, per product, every value it has held and since when.
    #[derive(Default)]
    struct RecordingSource {
        table: RefCell<HashMap<String, Vec<u32>>>,
        history: RefCell<HashMap<String, Changes>>,
        calls: Cell<usize>,
    }

    impl RecordingSource {
        fn set(&self, now: u64, product: &str, percents: Vec<u32>) {
            self.table
                .borrow_mut()
                .insert(product.to_string(), percents.clone());
            self.history
                .borrow_mut()
                .entry(product.to_string())
                .or_default()
                .push((now, percents));
        }

        /// Did the source say `value` for `product` at some moment in `[from, to]`?
        /// Each value holds from its change up to and including the next change
        /// (several changes can share a millisecond); before any change the
        /// answer is "no discounts".
        fn held_between(&self, product: &str, value: &[u32], from: u64, to: u64) -> bool {
            let history = self.history.borrow();
            let changes = history.get(product).map(Vec::as_slice).unwrap_or(&[]);
            let mut since = 0;
            let mut held: &[u32] = &[];
            for (at, next) in changes {
                if held == value && since <= to && *at >= from {
                    return true;
                }
                since = *at;
                held = next;
            }
            held == value && since <= to
        }
    }

    impl Discounts for RecordingSource {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.calls.set(self.calls.get() + 1);
            self.table
                .borrow()
                .get(product)
                .cloned()
                .unwrap_or_default()
        }
    }

    fn random_timeline(seed: u64, ttl: u64, steps: usize) {
        let mut rng = Rng(seed);
        let clock = ManualClock::default();
        let source = RecordingSource::default();
        let mut cache = TtlCache::new(&source, &clock, ttl);
        // the model: when each product was last fetched, and what came back
        let mut fetched: HashMap<String, (u64, Vec<u32>)> = HashMap::new();
        let mut hits = 0;
        for step in 0..steps {
            clock.0.set(clock.0.get() + rng.below(ttl / 2 + 3));
            let now = clock.0.get();
            if rng.below(4) == 0 {
                let name = format!("p{}", rng.below(12));
                let list = (0..rng.below(3)).map(|_| rng.below(100) as u32).collect();
                source.set(now, &name, list);
            }
            let product = format!("p{}", rng.below(12));
            let is_hit = matches!(fetched.get(&product), Some((at, _)) if now - at < ttl);
            let calls_before = source.calls.get();
            let got = cache.get(&product);
            let asked = source.calls.get() - calls_before;
            let want = if is_hit {
                hits += 1;
                fetched[&product].1.clone()
            } else {
                let value = source
                    .table
                    .borrow()
                    .get(&product)
                    .cloned()
                    .unwrap_or_default();
                fetched.insert(product.clone(), (now, value.clone()));
                value
            };
            assert_eq!(
                got, want,
                "step {step} at t = {now}, product {product}, ttl {ttl}"
            );
            assert_eq!(
                asked,
                usize::from(!is_hit),
                "step {step} at t = {now}: a hit asks the source 0 times, a miss once (ttl {ttl})"
            );
            // the staleness bound: whatever came back was true at the source
            // at some moment in the last `ttl` milliseconds (or right now)
            let from = now.saturating_sub(ttl.saturating_sub(1));
            assert!(
                source.held_between(&product, &got, from, now),
                "step {step}: {got:?} for {product} is older than the TTL allows"
            );
        }
        assert_eq!(
            source.calls.get() + hits,
            steps,
            "every request is either a hit or one call"
        );
        assert!(
            ttl == 0 || hits > 0,
            "this timeline should have produced some hits"
        );
    }

    #[test]
    fn random_timelines_match_the_ttl_rule_for_several_ttls() {
        for (i, ttl) in [0u64, 1, 7, 100, 1_000, 60_000].into_iter().enumerate() {
            random_timeline(0x0004_7711_0000 + i as u64, ttl, 3_000);
        }
    }

    #[test]
    fn a_cache_that_is_never_asked_never_asks_the_source() {
        let clock = ManualClock::default();
        let source = RecordingSource::default();
        let _cache = TtlCache::new(&source, &clock, 1_000);
        clock.0.set(1_000_000);
        assert_eq!(
            source.calls.get(),
            0,
            "a cache fetches on demand, not in the background"
        );
    }

    #[test]
    fn many_products_are_kept_apart() {
        let clock = ManualClock::default();
        let source = RecordingSource::default();
        for i in 0..200u32 {
            source.set(0, &format!("p{i}"), vec![i % 100]);
        }
        let mut cache = TtlCache::new(&source, &clock, 5_000);
        for round in 0..3 {
            for i in 0..200u32 {
                assert_eq!(cache.get(&format!("p{i}")), vec![i % 100], "round {round}");
            }
            clock.0.set(clock.0.get() + 1_000);
        }
        assert_eq!(source.calls.get(), 200, "one fetch per product, then hits");
    }
}
