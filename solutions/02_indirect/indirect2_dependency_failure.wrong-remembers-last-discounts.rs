// indirect2_dependency_failure: when a dependency fails
//
// A service that asks other systems for its inputs must decide what to answer
// when one of them cannot help. That decision is part of the service's
// contract, so it is written down and tested like everything else.
//
// Here the dependencies can fail. The catalogue may not know the product, or
// may be down; the discount service may be down. Right now `quote` simply
// unwraps both answers, so the first failure panics. Replace the unwraps with
// this policy:
//
//   - Unknown product (the catalogue says `NotFound`): the error
//     `PriceError::UnknownProduct` carrying the product name.
//   - Catalogue down (`Unavailable`): the error `PriceError::CatalogueUnavailable`.
//     Without a base price there is nothing honest to quote. In both catalogue
//     cases, do not bother the discount service: there is nothing to discount.
//   - Discount service down: quote the full base price, with
//     `discounts_checked: false`, so the caller can tell the customer or try
//     again later. When discounts were fetched, `discounts_checked` is `true`.
//
// Ask each dependency at most once per request, and do not retry a failed
// call: whether to try again later is the caller's decision (the flag and the
// errors tell it what happened). So every request asks the catalogue exactly
// once, and the discount service once when there is a base price.
//
// Stay stateless while you do it: a fallback must never come from something
// remembered from an earlier request (such as "the discounts we saw last
// time"). Every answer depends only on what the dependencies say right now.

use std::cell::RefCell;
use std::collections::HashMap;

/// Why the catalogue could not give a base price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueError {
    /// The catalogue works but has no such product.
    NotFound,
    /// The catalogue could not be reached.
    Unavailable,
}

/// The discount service could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscountsUnavailable;

pub trait Catalogue {
    /// The base price of `product`, in cents.
    fn base_price(&self, product: &str) -> Result<u64, CatalogueError>;
}

pub trait Discounts {
    /// The discounts on `product`, as whole percents off, in the order to apply them.
    fn percent_off(&self, product: &str) -> Result<Vec<u32>, DiscountsUnavailable>;
}

/// A price the service is willing to stand behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The price in cents.
    pub cents: u64,
    /// `true` if the discount service answered and its discounts were applied;
    /// `false` if it was down and this is the full price.
    pub discounts_checked: bool,
}

/// Why no price could be quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceError {
    /// The catalogue has no product by this name.
    UnknownProduct(String),
    /// The catalogue could not be reached.
    CatalogueUnavailable,
}

// ----- provided: you do not need to change this -----
/// The pricing rule from the previous exercise: percents off, one after
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
    /// The last discounts seen for each product: a better fallback than none.
    last_seen: RefCell<HashMap<String, Vec<u32>>>,
}

impl<'a> PriceService<'a> {
    pub fn new(catalogue: &'a dyn Catalogue, discounts: &'a dyn Discounts) -> Self {
        PriceService {
            catalogue,
            discounts,
            last_seen: RefCell::new(HashMap::new()),
        }
    }

    /// The price of `product`, or why there is none (see the policy above).
    pub fn quote(&self, product: &str) -> Result<Quote, PriceError> {
        let base = self
            .catalogue
            .base_price(product)
            .map_err(|error| match error {
                CatalogueError::NotFound => PriceError::UnknownProduct(product.to_string()),
                CatalogueError::Unavailable => PriceError::CatalogueUnavailable,
            })?;
        let quote = match self.discounts.percent_off(product) {
            Ok(percents) => {
                self.last_seen
                    .borrow_mut()
                    .insert(product.to_string(), percents.clone());
                Quote {
                    cents: apply_discounts(base, &percents),
                    discounts_checked: true,
                }
            }
            Err(DiscountsUnavailable) => {
                let remembered = self.last_seen.borrow().get(product).cloned();
                Quote {
                    cents: apply_discounts(base, &remembered.unwrap_or_default()),
                    discounts_checked: false,
                }
            }
        };
        Ok(quote)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::collections::HashMap;

    /// A catalogue with a fixed price list that can be switched off, and that
    /// counts how often it is asked.
    struct FakeCatalogue {
        prices: HashMap<String, u64>,
        down: Cell<bool>,
        calls: Cell<usize>,
    }

    impl FakeCatalogue {
        fn with(entries: &[(&str, u64)]) -> Self {
            let prices = entries.iter().map(|&(p, c)| (p.to_string(), c)).collect();
            FakeCatalogue {
                prices,
                down: Cell::new(false),
                calls: Cell::new(0),
            }
        }
    }

    impl Catalogue for FakeCatalogue {
        fn base_price(&self, product: &str) -> Result<u64, CatalogueError> {
            self.calls.set(self.calls.get() + 1);
            if self.down.get() {
                return Err(CatalogueError::Unavailable);
            }
            self.prices
                .get(product)
                .copied()
                .ok_or(CatalogueError::NotFound)
        }
    }

    /// A discount service with a fixed table that can be switched off, and
    /// that counts how often it is asked.
    struct FakeDiscounts {
        table: HashMap<String, Vec<u32>>,
        down: Cell<bool>,
        calls: Cell<usize>,
    }

    impl FakeDiscounts {
        fn with(entries: &[(&str, &[u32])]) -> Self {
            let table = entries
                .iter()
                .map(|&(p, d)| (p.to_string(), d.to_vec()))
                .collect();
            FakeDiscounts {
                table,
                down: Cell::new(false),
                calls: Cell::new(0),
            }
        }
    }

    impl Discounts for FakeDiscounts {
        fn percent_off(&self, product: &str) -> Result<Vec<u32>, DiscountsUnavailable> {
            self.calls.set(self.calls.get() + 1);
            if self.down.get() {
                return Err(DiscountsUnavailable);
            }
            Ok(self.table.get(product).cloned().unwrap_or_default())
        }
    }

    #[test]
    fn with_both_dependencies_up_the_discounted_price_is_quoted() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("kettle"),
            Ok(Quote {
                cents: 1500,
                discounts_checked: true
            })
        );
    }

    #[test]
    fn an_unknown_product_is_an_error_that_names_it() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("unicorn"),
            Err(PriceError::UnknownProduct("unicorn".to_string()))
        );
    }

    #[test]
    fn a_catalogue_outage_is_an_error_not_a_guessed_price() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        catalogue.down.set(true);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("kettle"),
            Err(PriceError::CatalogueUnavailable)
        );
    }

    #[test]
    fn when_the_catalogue_fails_the_discount_service_is_not_asked() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        let service = PriceService::new(&catalogue, &discounts);
        let _ = service.quote("unicorn");
        catalogue.down.set(true);
        let _ = service.quote("kettle");
        assert_eq!(
            discounts.calls.get(),
            0,
            "there was no base price to discount"
        );
    }

    #[test]
    fn when_discounts_are_down_the_full_price_is_quoted_and_flagged() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        discounts.down.set(true);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("kettle"),
            Ok(Quote {
                cents: 2000,
                discounts_checked: false
            }),
            "fallback: the full base price, flagged as unchecked"
        );
    }

    #[test]
    fn the_fallback_never_reuses_discounts_seen_in_an_earlier_request() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(service.quote("kettle").map(|q| q.cents), Ok(1500));
        discounts.down.set(true);
        assert_eq!(
            service.quote("kettle"),
            Ok(Quote {
                cents: 2000,
                discounts_checked: false
            }),
            "remembering the last discounts would make the answer depend on history"
        );
    }

    #[test]
    fn discounts_are_applied_again_as_soon_as_the_service_is_back() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        discounts.down.set(true);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("kettle").map(|q| q.discounts_checked),
            Ok(false)
        );
        discounts.down.set(false);
        assert_eq!(
            service.quote("kettle"),
            Ok(Quote {
                cents: 1500,
                discounts_checked: true
            })
        );
    }

    #[test]
    fn each_dependency_is_asked_once_per_request_even_when_it_fails() {
        let catalogue = FakeCatalogue::with(&[("kettle", 2000)]);
        let discounts = FakeDiscounts::with(&[("kettle", &[25])]);
        let service = PriceService::new(&catalogue, &discounts);
        let _ = service.quote("kettle");
        assert_eq!(catalogue.calls.get(), 1, "one request, one catalogue call");
        assert_eq!(discounts.calls.get(), 1, "one request, one discount call");
        catalogue.down.set(true);
        let _ = service.quote("kettle");
        assert_eq!(
            catalogue.calls.get(),
            2,
            "a catalogue that is down is not asked again within the same request"
        );
        catalogue.down.set(false);
        discounts.down.set(true);
        let _ = service.quote("kettle");
        assert_eq!(catalogue.calls.get(), 3, "one more request, one more catalogue call");
        assert_eq!(
            discounts.calls.get(),
            2,
            "a discount service that is down is not asked again within the same request"
        );
    }

    #[test]
    fn a_product_without_discounts_is_still_a_checked_quote() {
        let catalogue = FakeCatalogue::with(&[("mug", 800)]);
        let discounts = FakeDiscounts::with(&[]);
        let service = PriceService::new(&catalogue, &discounts);
        assert_eq!(
            service.quote("mug"),
            Ok(Quote {
                cents: 800,
                discounts_checked: true
            }),
            "an empty list of discounts is an answer, not a failure"
        );
    }
}
