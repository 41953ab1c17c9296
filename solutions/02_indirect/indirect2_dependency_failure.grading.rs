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

    struct FlakyCatalogue {
        prices: RefCell<HashMap<String, u64>>,
        down: Cell<bool>,
        calls: Cell<usize>,
    }

    impl Catalogue for FlakyCatalogue {
        fn base_price(&self, product: &str) -> Result<u64, CatalogueError> {
            self.calls.set(self.calls.get() + 1);
            if self.down.get() {
                return Err(CatalogueError::Unavailable);
            }
            self.prices
                .borrow()
                .get(product)
                .copied()
                .ok_or(CatalogueError::NotFound)
        }
    }

    struct FlakyDiscounts {
        table: RefCell<HashMap<String, Vec<u32>>>,
        down: Cell<bool>,
        calls: Cell<usize>,
    }

    impl Discounts for FlakyDiscounts {
        fn percent_off(&self, product: &str) -> Result<Vec<u32>, DiscountsUnavailable> {
            self.calls.set(self.calls.get() + 1);
            if self.down.get() {
                return Err(DiscountsUnavailable);
            }
            Ok(self
                .table
                .borrow()
                .get(product)
                .cloned()
                .unwrap_or_default())
        }
    }

    fn expected_cents(base: u64, percents: &[u32]) -> u64 {
        let mut price = base;
        for &p in percents {
            price = price * (100 - u64::from(p.min(100))) / 100;
        }
        price
    }

    #[test]
    fn a_random_timeline_of_outages_and_changes_follows_the_policy() {
        let mut rng = Rng(0x0002_FA11_0001);
        let catalogue = FlakyCatalogue {
            prices: RefCell::new(HashMap::new()),
            down: Cell::new(false),
            calls: Cell::new(0),
        };
        let discounts = FlakyDiscounts {
            table: RefCell::new(HashMap::new()),
            down: Cell::new(false),
            calls: Cell::new(0),
        };
        // Products 0..40 exist; 40..50 are never in the catalogue.
        for i in 0..40 {
            catalogue
                .prices
                .borrow_mut()
                .insert(format!("p{i}"), 1 + rng.below(1_000_000));
        }
        let service = PriceService::new(&catalogue, &discounts);
        for step in 0..5_000 {
            match rng.below(10) {
                0 => catalogue.down.set(rng.below(4) == 0),
                1 => discounts.down.set(rng.below(3) == 0),
                2 => {
                    let name = format!("p{}", rng.below(40));
                    catalogue
                        .prices
                        .borrow_mut()
                        .insert(name, rng.below(1_000_000));
                }
                3 => {
                    let name = format!("p{}", rng.below(50));
                    let list = (0..rng.below(4)).map(|_| rng.below(120) as u32).collect();
                    discounts.table.borrow_mut().insert(name, list);
                }
                _ => {}
            }
            let product = format!("p{}", rng.below(50));
            let discount_calls_before = discounts.calls.get();
            let got = service.quote(&product);
            let known = catalogue.prices.borrow().get(&product).copied();
            let want = if catalogue.down.get() {
                Err(PriceError::CatalogueUnavailable)
            } else if let Some(base) = known {
                if discounts.down.get() {
                    Ok(Quote {
                        cents: base,
                        discounts_checked: false,
                    })
                } else {
                    let list = discounts
                        .table
                        .borrow()
                        .get(&product)
                        .cloned()
                        .unwrap_or_default();
                    Ok(Quote {
                        cents: expected_cents(base, &list),
                        discounts_checked: true,
                    })
                }
            } else {
                Err(PriceError::UnknownProduct(product.clone()))
            };
            assert_eq!(got, want, "step {step}, product {product}");
            let asked = discounts.calls.get() - discount_calls_before;
            let should_ask = usize::from(want.is_ok());
            assert_eq!(
                asked, should_ask,
                "step {step}: the discount service is asked once, and only when there is a base price"
            );
        }
        assert_eq!(
            catalogue.calls.get(),
            5_000,
            "the catalogue is asked once per request"
        );
    }

    #[test]
    fn two_instances_give_the_same_answer_during_the_same_outage() {
        let catalogue = FlakyCatalogue {
            prices: RefCell::new([("kettle".to_string(), 1234)].into_iter().collect()),
            down: Cell::new(false),
            calls: Cell::new(0),
        };
        let discounts = FlakyDiscounts {
            table: RefCell::new([("kettle".to_string(), vec![50])].into_iter().collect()),
            down: Cell::new(false),
            calls: Cell::new(0),
        };
        let old = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            old.quote("kettle"),
            Ok(Quote {
                cents: 617,
                discounts_checked: true
            })
        );
        discounts.down.set(true);
        let new = PriceService::new(&catalogue, &discounts);
        assert_eq!(old.quote("kettle"), new.quote("kettle"));
        assert_eq!(
            new.quote("kettle"),
            Ok(Quote {
                cents: 1234,
                discounts_checked: false
            })
        );
    }

    #[test]
    fn the_error_names_exactly_the_product_asked_for() {
        let catalogue = FlakyCatalogue {
            prices: RefCell::new(HashMap::new()),
            down: Cell::new(false),
            calls: Cell::new(0),
        };
        let discounts = FlakyDiscounts {
            table: RefCell::new(HashMap::new()),
            down: Cell::new(true),
            calls: Cell::new(0),
        };
        let service = PriceService::new(&catalogue, &discounts);
        for name in ["", "a b", "Ünïcode-42", "x"] {
            assert_eq!(
                service.quote(name),
                Err(PriceError::UnknownProduct(name.to_string()))
            );
        }
    }
}
