// indirect3_ask_fresh: indirect inputs are asked for, not remembered
//
// Prices and discounts change while the service runs: a sale starts, a sale
// ends, the catalogue is corrected. A stateless service gets them right
// without effort, because it asks its dependencies on every request.
//
// Someone "optimised" this service: the first time a product is priced, its
// final price is kept in `known_prices` and every later request is answered
// from there. That field is state. The service now answers from its own
// history: a discount that started after the first request is ignored, and
// an instance started earlier disagrees with one started later.
//
// Make the service stateless again, so that every request asks the catalogue
// and the discount service once and prices from what they say right now.
// (Saving calls is a fair wish; the next exercises do it openly, with a cache
// that has a rule for how stale it may get.)

use std::cell::RefCell;
use std::collections::HashMap;

/// The system that knows every product's base price.
pub trait Catalogue {
    /// The base price of `product`, in cents.
    fn base_price(&self, product: &str) -> u64;
}

/// The system that knows which discounts apply to a product right now.
pub trait Discounts {
    /// The discounts on `product`, as whole percents off, in the order to apply them.
    fn percent_off(&self, product: &str) -> Vec<u32>;
}

// ----- provided: you do not need to change this -----
/// The pricing rule from the first exercise: percents off, one after
/// another, capped at 100, rounding down to a whole cent after each step.
pub fn apply_discounts(base: u64, percents: &[u32]) -> u64 {
    percents.iter().fold(base, |price, &percent| {
        price * u64::from(100 - percent.min(100)) / 100
    })
}
// ----- your code -----

pub struct PriceService<'a> {
    catalogue: &'a dyn Catalogue,
    discounts: &'a dyn Discounts,
    /// Base prices hardly ever change: ask the catalogue once per product.
    base_prices: RefCell<HashMap<String, u64>>,
}

impl<'a> PriceService<'a> {
    pub fn new(catalogue: &'a dyn Catalogue, discounts: &'a dyn Discounts) -> Self {
        PriceService {
            catalogue,
            discounts,
            base_prices: RefCell::new(HashMap::new()),
        }
    }

    /// The price of `product` in cents, from what the dependencies say now.
    pub fn final_price(&self, product: &str) -> u64 {
        let cached = self.base_prices.borrow().get(product).copied();
        let base = match cached {
            Some(base) => base,
            None => {
                let base = self.catalogue.base_price(product);
                self.base_prices
                    .borrow_mut()
                    .insert(product.to_string(), base);
                base
            }
        };
        // Discounts change all the time, so those are asked for on every request.
        apply_discounts(base, &self.discounts.percent_off(product))
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    /// A catalogue whose prices the test can change, counting how often it is asked.
    #[derive(Default)]
    struct FakeCatalogue {
        prices: RefCell<HashMap<String, u64>>,
        calls: Cell<usize>,
    }

    impl FakeCatalogue {
        fn set(&self, product: &str, cents: u64) {
            self.prices.borrow_mut().insert(product.to_string(), cents);
        }
    }

    impl Catalogue for FakeCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            self.calls.set(self.calls.get() + 1);
            self.prices.borrow()[product]
        }
    }

    /// A discount service whose discounts the test can change, counting how often it is asked.
    #[derive(Default)]
    struct FakeDiscounts {
        table: RefCell<HashMap<String, Vec<u32>>>,
        calls: Cell<usize>,
    }

    impl FakeDiscounts {
        fn set(&self, product: &str, percents: &[u32]) {
            self.table
                .borrow_mut()
                .insert(product.to_string(), percents.to_vec());
        }
    }

    impl Discounts for FakeDiscounts {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.calls.set(self.calls.get() + 1);
            self.table
                .borrow()
                .get(product)
                .cloned()
                .unwrap_or_default()
        }
    }

    #[test]
    fn a_sale_that_starts_after_the_first_request_is_applied() {
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        let discounts = FakeDiscounts::default();
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("kettle"), 2000);
        discounts.set("kettle", &[25]);
        assert_eq!(service.final_price("kettle"), 1500, "the sale has started");
    }

    #[test]
    fn a_sale_that_ends_is_no_longer_applied() {
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        let discounts = FakeDiscounts::default();
        discounts.set("kettle", &[25]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("kettle"), 1500);
        discounts.set("kettle", &[]);
        assert_eq!(service.final_price("kettle"), 2000, "the sale is over");
    }

    #[test]
    fn a_corrected_base_price_is_used_from_the_next_request_on() {
        let catalogue = FakeCatalogue::default();
        catalogue.set("teapot", 45_000);
        let discounts = FakeDiscounts::default();
        discounts.set("teapot", &[10]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("teapot"), 40_500);
        catalogue.set("teapot", 4_500);
        assert_eq!(
            service.final_price("teapot"),
            4_050,
            "the typo in the catalogue was fixed"
        );
    }

    #[test]
    fn every_request_asks_both_dependencies_exactly_once() {
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        catalogue.set("mug", 800);
        let discounts = FakeDiscounts::default();
        let service = PriceService::new(&catalogue, &discounts);
        for product in ["kettle", "mug", "kettle", "kettle", "mug"] {
            let _ = service.final_price(product);
        }
        assert_eq!(catalogue.calls.get(), 5, "one catalogue call per request");
        assert_eq!(discounts.calls.get(), 5, "one discount call per request");
    }

    #[test]
    fn an_instance_started_earlier_agrees_with_one_started_later() {
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        let discounts = FakeDiscounts::default();
        let early = PriceService::new(&catalogue, &discounts);
        let _ = early.final_price("kettle");
        discounts.set("kettle", &[10]);
        let late = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            early.final_price("kettle"),
            late.final_price("kettle"),
            "instances over the same dependencies must be interchangeable"
        );
    }
}
