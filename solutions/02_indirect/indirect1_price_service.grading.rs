#[cfg(test)]
mod grading {
    use super::*;
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

    struct TableCatalogue(HashMap<String, u64>);

    impl Catalogue for TableCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            self.0[product]
        }
    }

    struct TableDiscounts(HashMap<String, Vec<u32>>);

    impl Discounts for TableDiscounts {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.0.get(product).cloned().unwrap_or_default()
        }
    }

    /// The rule from the task, written out step by step.
    fn expected(base: u64, percents: &[u32]) -> u64 {
        let mut price = base;
        for &p in percents {
            let keep = 100 - u64::from(p.min(100));
            price = price * keep / 100;
        }
        price
    }

    fn random_shop(rng: &mut Rng, products: usize) -> (TableCatalogue, TableDiscounts) {
        let mut prices = HashMap::new();
        let mut discounts = HashMap::new();
        for i in 0..products {
            let name = format!("product-{i}");
            prices.insert(name.clone(), rng.below(5_000_000));
            let n = rng.below(5) as usize;
            let list: Vec<u32> = (0..n).map(|_| rng.below(130) as u32).collect();
            if !list.is_empty() || rng.below(2) == 0 {
                discounts.insert(name, list);
            }
        }
        (TableCatalogue(prices), TableDiscounts(discounts))
    }

    #[test]
    fn random_products_and_discounts_follow_the_pricing_rule() {
        let mut rng = Rng(0x0002_1D1E_C701);
        let (catalogue, discounts) = random_shop(&mut rng, 2_000);
        let service = PriceService::new(&catalogue, &discounts);
        for i in 0..2_000 {
            let name = format!("product-{i}");
            let percents = discounts.percent_off(&name);
            let want = expected(catalogue.0[&name], &percents);
            assert_eq!(
                service.final_price(&name),
                want,
                "{name}: base {} with discounts {percents:?}",
                catalogue.0[&name]
            );
        }
    }

    #[test]
    fn rounding_happens_after_every_step_not_once_at_the_end() {
        let catalogue = TableCatalogue([("odd".to_string(), 902)].into_iter().collect());
        let discounts = TableDiscounts(
            [("odd".to_string(), vec![33, 33, 33])]
                .into_iter()
                .collect(),
        );
        let service = PriceService::new(&catalogue, &discounts);
        // 902 -> 604 -> 404 -> 270, each step rounded down; rounding only once
        // at the end would give 271 (902 * 0.67^3 = 271.29)
        assert_eq!(service.final_price("odd"), 270);
    }

    #[test]
    fn zero_and_hundred_percent_are_the_edges() {
        let catalogue = TableCatalogue(
            [
                ("a".to_string(), 12_345),
                ("b".to_string(), 12_345),
                ("c".to_string(), 0),
            ]
            .into_iter()
            .collect(),
        );
        let discounts = TableDiscounts(
            [
                ("a".to_string(), vec![0, 0]),
                ("b".to_string(), vec![100, 0]),
                ("c".to_string(), vec![50]),
            ]
            .into_iter()
            .collect(),
        );
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("a"), 12_345);
        assert_eq!(service.final_price("b"), 0);
        assert_eq!(service.final_price("c"), 0);
    }

    /// A shop whose prices and discounts the test changes while requests come in.
    struct LiveShop {
        prices: std::cell::RefCell<HashMap<String, u64>>,
        discounts: std::cell::RefCell<HashMap<String, Vec<u32>>>,
    }

    impl Catalogue for LiveShop {
        fn base_price(&self, product: &str) -> u64 {
            self.prices.borrow()[product]
        }
    }

    impl Discounts for LiveShop {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.discounts
                .borrow()
                .get(product)
                .cloned()
                .unwrap_or_default()
        }
    }

    #[test]
    fn a_random_timeline_of_changes_is_priced_from_the_present() {
        let mut rng = Rng(0x0001_71AE_0001);
        let shop = LiveShop {
            prices: Default::default(),
            discounts: Default::default(),
        };
        for i in 0..20 {
            shop.prices
                .borrow_mut()
                .insert(format!("p{i}"), rng.below(100_000));
        }
        let service = PriceService::new(&shop, &shop);
        for step in 0..2_000 {
            let name = format!("p{}", rng.below(20));
            match rng.below(4) {
                0 => {
                    shop.prices
                        .borrow_mut()
                        .insert(name.clone(), rng.below(100_000));
                }
                1 => {
                    let list = (0..rng.below(3)).map(|_| rng.below(101) as u32).collect();
                    shop.discounts.borrow_mut().insert(name.clone(), list);
                }
                _ => {}
            }
            let want = expected(shop.prices.borrow()[&name], &shop.percent_off(&name));
            assert_eq!(
                service.final_price(&name),
                want,
                "step {step}: {name} must be priced from what the dependencies say now"
            );
        }
    }

    #[test]
    fn instances_agree_whatever_each_one_served_before() {
        let mut rng = Rng(0x5EED_0001);
        let (catalogue, discounts) = random_shop(&mut rng, 200);
        let busy = PriceService::new(&catalogue, &discounts);
        for _ in 0..1_000 {
            let _ = busy.final_price(&format!("product-{}", rng.below(200)));
        }
        let fresh = PriceService::new(&catalogue, &discounts);
        for i in (0..200).rev() {
            let name = format!("product-{i}");
            assert_eq!(busy.final_price(&name), fresh.final_price(&name), "{name}");
        }
    }
}
