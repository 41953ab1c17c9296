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
    struct LiveCatalogue {
        prices: RefCell<HashMap<String, u64>>,
        calls: Cell<usize>,
    }

    impl Catalogue for LiveCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            self.calls.set(self.calls.get() + 1);
            self.prices.borrow()[product]
        }
    }

    #[derive(Default)]
    struct LiveDiscounts {
        table: RefCell<HashMap<String, Vec<u32>>>,
        calls: Cell<usize>,
    }

    impl Discounts for LiveDiscounts {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.calls.set(self.calls.get() + 1);
            self.table
                .borrow()
                .get(product)
                .cloned()
                .unwrap_or_default()
        }
    }

    fn expected(base: u64, percents: &[u32]) -> u64 {
        let mut price = base;
        for &p in percents {
            price = price * (100 - u64::from(p.min(100))) / 100;
        }
        price
    }

    #[test]
    fn a_random_timeline_of_changes_is_always_priced_from_the_present() {
        let mut rng = Rng(0x0003_F8E5_0001);
        let catalogue = LiveCatalogue::default();
        let discounts = LiveDiscounts::default();
        for i in 0..30 {
            catalogue
                .prices
                .borrow_mut()
                .insert(format!("p{i}"), rng.below(100_000));
        }
        let mut instances = vec![PriceService::new(&catalogue, &discounts)];
        let mut requests = 0;
        for step in 0..4_000 {
            match rng.below(8) {
                0 => {
                    let name = format!("p{}", rng.below(30));
                    catalogue
                        .prices
                        .borrow_mut()
                        .insert(name, rng.below(100_000));
                }
                1 | 2 => {
                    let name = format!("p{}", rng.below(30));
                    let list = (0..rng.below(3)).map(|_| rng.below(101) as u32).collect();
                    discounts.table.borrow_mut().insert(name, list);
                }
                3 if instances.len() < 6 => {
                    instances.push(PriceService::new(&catalogue, &discounts))
                }
                _ => {}
            }
            let product = format!("p{}", rng.below(30));
            let base = catalogue.prices.borrow()[&product];
            let list = discounts
                .table
                .borrow()
                .get(&product)
                .cloned()
                .unwrap_or_default();
            let want = expected(base, &list);
            let which = rng.below(instances.len() as u64) as usize;
            assert_eq!(
                instances[which].final_price(&product),
                want,
                "step {step}: instance {which} priced {product} from stale data"
            );
            requests += 1;
        }
        assert_eq!(
            catalogue.calls.get(),
            requests,
            "one catalogue call per request"
        );
        assert_eq!(
            discounts.calls.get(),
            requests,
            "one discount call per request"
        );
    }

    #[test]
    fn all_instances_agree_after_every_change() {
        let mut rng = Rng(0x0003_A9EE_0002);
        let catalogue = LiveCatalogue::default();
        let discounts = LiveDiscounts::default();
        for i in 0..10 {
            catalogue
                .prices
                .borrow_mut()
                .insert(format!("p{i}"), rng.below(10_000));
        }
        let instances: Vec<PriceService> = (0..4)
            .map(|_| PriceService::new(&catalogue, &discounts))
            .collect();
        for _ in 0..300 {
            let name = format!("p{}", rng.below(10));
            if rng.below(2) == 0 {
                catalogue
                    .prices
                    .borrow_mut()
                    .insert(name.clone(), rng.below(10_000));
            } else {
                discounts
                    .table
                    .borrow_mut()
                    .insert(name.clone(), vec![rng.below(60) as u32]);
            }
            let answers: Vec<u64> = instances.iter().map(|s| s.final_price(&name)).collect();
            assert!(
                answers.windows(2).all(|w| w[0] == w[1]),
                "{name}: instances disagree: {answers:?}"
            );
        }
    }
}
