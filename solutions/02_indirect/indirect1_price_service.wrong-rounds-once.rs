// indirect1_price_service: a price service that asks other systems
//
// A request to this service names only a product. Everything else it needs
// lives in two other systems: the catalogue knows the base price, and the
// discount service knows which discounts apply. Those answers are *indirect
// inputs*: the service fetches them while handling the request instead of
// receiving them in it.
//
// Build `PriceService::final_price`. The service keeps nothing but handles to
// its two dependencies, so it is still stateless: given the same answers from
// them, it returns the same price every time, and a brand-new instance
// answers exactly like an old one. (The tests plug in fakes for both
// dependencies; that is only possible because they sit behind traits.)
//
// Prices and discounts change while the service runs: a sale starts, a price
// is corrected. Ask both dependencies on every request and price from what
// they say *now*; an answer remembered from an earlier request would be the
// service's own state, and out of date.
//
// The pricing rule. Money is whole cents in a `u64`.
//   1. Start from the catalogue's base price.
//   2. Apply the discounts one at a time, in the order the discount service
//      lists them. A discount is a whole percent off the running price; a
//      discount above 100 counts as 100 (a price never goes below zero).
//   3. After every step, round down to a whole cent: the customer never pays
//      for a fraction of a cent.
//   Example: 1999 with [10, 50] -> 1999 * 90 / 100 = 1799 -> 1799 * 50 / 100 = 899.

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

/// Prices products by asking its dependencies. It holds only references to
/// them: no fields that change, nothing remembered between requests.
pub struct PriceService<'a> {
    catalogue: &'a dyn Catalogue,
    discounts: &'a dyn Discounts,
}

impl<'a> PriceService<'a> {
    pub fn new(catalogue: &'a dyn Catalogue, discounts: &'a dyn Discounts) -> Self {
        PriceService {
            catalogue,
            discounts,
        }
    }

    /// The price of `product` in cents, after its discounts (see the rule above).
    pub fn final_price(&self, product: &str) -> u64 {
        let base = self.catalogue.base_price(product);
        // Exact arithmetic all the way, one rounding at the end.
        let mut price = base as f64;
        for percent in self.discounts.percent_off(product) {
            price = price * f64::from(100 - percent.min(100)) / 100.0;
        }
        price.floor() as u64
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// A catalogue that answers from a table the test can change. Tests only
    /// ask it about products it knows.
    struct FakeCatalogue {
        prices: RefCell<HashMap<String, u64>>,
    }

    impl FakeCatalogue {
        fn with(entries: &[(&str, u64)]) -> Self {
            let prices = entries.iter().map(|&(p, c)| (p.to_string(), c)).collect();
            FakeCatalogue {
                prices: RefCell::new(prices),
            }
        }

        fn set(&self, product: &str, cents: u64) {
            self.prices.borrow_mut().insert(product.to_string(), cents);
        }
    }

    impl Catalogue for FakeCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            self.prices.borrow()[product]
        }
    }

    /// A discount service that answers from a table the test can change; a
    /// product it does not list simply has no discounts.
    struct FakeDiscounts {
        table: RefCell<HashMap<String, Vec<u32>>>,
    }

    impl FakeDiscounts {
        fn with(entries: &[(&str, &[u32])]) -> Self {
            let table = entries
                .iter()
                .map(|&(p, d)| (p.to_string(), d.to_vec()))
                .collect();
            FakeDiscounts {
                table: RefCell::new(table),
            }
        }

        fn set(&self, product: &str, percents: &[u32]) {
            self.table
                .borrow_mut()
                .insert(product.to_string(), percents.to_vec());
        }
    }

    impl Discounts for FakeDiscounts {
        fn percent_off(&self, product: &str) -> Vec<u32> {
            self.table.borrow().get(product).cloned().unwrap_or_default()
        }
    }

    #[test]
    fn without_discounts_the_price_is_the_base_price() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2499)]);
        let discounts = FakeDiscounts::with(&[]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.final_price("kettle"),
            2499,
            "no discount, so nothing comes off"
        );
    }

    #[test]
    fn one_discount_takes_a_percent_off_and_rounds_down_to_a_cent() {
        let catalogue = FakeCatalogue::with(&[("kettle", 1999)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[10])]);
        let service = PriceService::new(&catalogue, &discounts);
        // 1999 * 90 / 100 = 1799.1, rounded down to 1799
        assert_eq!(service.final_price("kettle"), 1799);
    }

    #[test]
    fn discounts_apply_one_after_another_to_the_running_price() {
        let catalogue = FakeCatalogue::with(&[("kettle", 1999), ("toaster", 1000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[10, 50]), ("toaster", &[50, 50])]);
        let service = PriceService::new(&catalogue, &discounts);
        // 1999 -> 1799 (10% off) -> 899 (50% off 1799 is 899.5, rounded down)
        assert_eq!(service.final_price("kettle"), 899);
        assert_eq!(
            service.final_price("toaster"),
            250,
            "two 50% discounts compound to 75% off; they do not add up to 100%"
        );
    }

    #[test]
    fn the_price_is_rounded_down_after_every_step_not_once_at_the_end() {
        let catalogue = FakeCatalogue::with(&[("kettle", 1000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[15, 15, 15])]);
        let service = PriceService::new(&catalogue, &discounts);
        // 1000 -> 850 -> 722 (722.5 rounded down) -> 613 (613.7 rounded down);
        // rounding only once at the end would give 614 (1000 * 0.85^3 = 614.125)
        assert_eq!(service.final_price("kettle"), 613);
    }

    #[test]
    fn a_discount_above_100_percent_makes_the_product_free_not_negative() {
        let catalogue = FakeCatalogue::with(&[("sample", 350)]);
        let discounts = FakeDiscounts::with(&[("sample", &[150])]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("sample"), 0);
    }

    #[test]
    fn each_product_is_priced_from_its_own_entries() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000), ("mug", 800), ("teapot", 4500)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25]), ("teapot", &[10, 10])]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("kettle"), 1500);
        assert_eq!(service.final_price("mug"), 800);
        assert_eq!(service.final_price("teapot"), 3645);
    }

    #[test]
    fn the_same_request_gets_the_same_price_every_time() {
        let catalogue = FakeCatalogue::with(&[("kettle", 1999)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[15])]);
        let service = PriceService::new(&catalogue, &discounts);
        let first = service.final_price("kettle");
        for _ in 0..5 {
            assert_eq!(
                service.final_price("kettle"),
                first,
                "same answers from the dependencies must give the same price"
            );
        }
    }

    #[test]
    fn a_corrected_base_price_shows_in_the_next_answer() {
        let catalogue = FakeCatalogue::with(&[("teapot", 45_000)]);
        let discounts = FakeDiscounts::with(&[]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("teapot"), 45_000, "before the correction");
        catalogue.set("teapot", 4_500);
        assert_eq!(
            service.final_price("teapot"),
            4_500,
            "the catalogue fixed a typo: the next answer must use the new price"
        );
    }

    #[test]
    fn a_sale_that_starts_or_ends_shows_in_the_next_answer() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.final_price("kettle"), 2000, "no sale yet");
        discounts.set("kettle", &[25]);
        assert_eq!(service.final_price("kettle"), 1500, "the sale has started");
        discounts.set("kettle", &[]);
        assert_eq!(service.final_price("kettle"), 2000, "the sale is over");
    }

    #[test]
    fn any_number_of_instances_over_the_same_dependencies_agree() {
        let catalogue = FakeCatalogue::with(&[("kettle", 1999), ("mug", 799)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[15]), ("mug", &[5, 5])]);
        let one = PriceService::new(&catalogue, &discounts);
        let _ = one.final_price("mug");
        discounts.set("mug", &[50]);
        let another = PriceService::new(&catalogue, &discounts);
        for product in ["kettle", "mug"] {
            assert_eq!(
                one.final_price(product),
                another.final_price(product),
                "a fresh instance must answer exactly like one that has served requests"
            );
        }
    }
}
