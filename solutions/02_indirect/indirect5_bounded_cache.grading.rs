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

    #[derive(Default)]
    struct CountingCatalogue {
        prices: RefCell<HashMap<String, u64>>,
        calls: Cell<usize>,
    }

    impl Catalogue for CountingCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            self.calls.set(self.calls.get() + 1);
            self.prices.borrow().get(product).copied().unwrap_or(7)
        }
    }

    /// The reference: entries kept in order of last use, oldest first.
    struct Model {
        ttl: u64,
        capacity: usize,
        by_recency: Vec<(String, u64, u64)>, // (product, fetched_at, cents)
    }

    impl Model {
        /// Returns (answer, whether the source had to be asked).
        fn get(&mut self, product: &str, now: u64, source: &HashMap<String, u64>) -> (u64, bool) {
            let position = self.by_recency.iter().position(|(p, _, _)| p == product);
            if let Some(i) = position {
                let (p, at, cents) = self.by_recency.remove(i);
                if now - at < self.ttl {
                    self.by_recency.push((p, at, cents));
                    return (cents, false);
                }
            } else if self.by_recency.len() == self.capacity {
                self.by_recency.remove(0);
            }
            let cents = source.get(product).copied().unwrap_or(7);
            self.by_recency.push((product.to_string(), now, cents));
            (cents, true)
        }
    }

    fn random_run(seed: u64, ttl: u64, capacity: usize, products: u64, steps: usize) {
        let mut rng = Rng(seed);
        let clock = ManualClock::default();
        let catalogue = CountingCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, ttl, capacity);
        let mut model = Model {
            ttl,
            capacity,
            by_recency: Vec::new(),
        };
        for step in 0..steps {
            clock.0.set(clock.0.get() + rng.below(ttl / 20 + 2));
            if rng.below(5) == 0 {
                let name = format!("p{}", rng.below(products));
                catalogue
                    .prices
                    .borrow_mut()
                    .insert(name, rng.below(100_000));
            }
            // skewed requests: a few hot products and a long tail
            let product = if rng.below(3) == 0 {
                format!("p{}", rng.below(products))
            } else {
                format!("p{}", rng.below(capacity as u64 + 1))
            };
            let before = catalogue.calls.get();
            let got = cache.get(&product);
            let asked = catalogue.calls.get() - before;
            let (want, must_ask) = model.get(&product, clock.0.get(), &catalogue.prices.borrow());
            assert_eq!(
                got, want,
                "step {step}: price of {product} (capacity {capacity}, ttl {ttl})"
            );
            assert_eq!(
                asked,
                usize::from(must_ask),
                "step {step}: {product} should have been a {} (capacity {capacity}, ttl {ttl})",
                if must_ask { "fetch" } else { "hit" }
            );
            assert!(
                cache.len() <= capacity,
                "step {step}: {} entries, capacity {capacity}",
                cache.len()
            );
            assert_eq!(
                cache.len(),
                model.by_recency.len(),
                "step {step}: entry count"
            );
        }
    }

    #[test]
    fn random_request_streams_match_a_reference_lru_with_ttl() {
        let cases: [(u64, usize, u64); 6] = [
            (1_000_000, 1, 5),
            (1_000_000, 3, 10),
            (1_000_000, 8, 40),
            (500, 4, 12),
            (50, 16, 100),
            (1, 5, 20),
        ];
        for (i, (ttl, capacity, products)) in cases.into_iter().enumerate() {
            random_run(0x0005_B0DE_0000 + i as u64, ttl, capacity, products, 2_000);
        }
    }

    #[test]
    fn a_new_cache_is_empty_and_fills_up_to_its_capacity() {
        let clock = ManualClock::default();
        let catalogue = CountingCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, 10_000, 5);
        assert!(cache.is_empty());
        assert_eq!(cache.len(), 0);
        for i in 0..5 {
            cache.get(&format!("p{i}"));
            assert_eq!(cache.len(), i + 1);
        }
        for i in 5..50 {
            cache.get(&format!("p{i}"));
            assert_eq!(cache.len(), 5);
        }
        assert!(!cache.is_empty());
    }

    #[test]
    fn a_scan_larger_than_the_capacity_evicts_in_order_of_use() {
        let clock = ManualClock::default();
        let catalogue = CountingCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, 10_000, 3);
        for name in ["a", "b", "c", "a", "d"] {
            cache.get(name); // d evicts b: a was used after b
        }
        let before = catalogue.calls.get();
        for name in ["a", "c", "d"] {
            cache.get(name);
        }
        assert_eq!(catalogue.calls.get(), before, "a, c and d are cached");
        cache.get("b");
        assert_eq!(catalogue.calls.get(), before + 1, "b was evicted");
    }

    #[test]
    #[should_panic]
    fn a_capacity_of_zero_is_refused() {
        let clock = ManualClock::default();
        let catalogue = CountingCatalogue::default();
        let _ = BoundedCache::new(&catalogue, &clock, 10, 0);
    }
}
