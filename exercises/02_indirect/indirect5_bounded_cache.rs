// indirect5_bounded_cache: a cache whose state has a limit
//
// State costs something, and a cache's cost is memory. The TTL cache from the
// last exercise keeps an entry for every product it was ever asked about, even
// long after the entry expired. In front of a catalogue of millions of
// products, that memory only ever grows.
//
// Give the cache a capacity: it never holds more than `capacity` entries.
// When a product that is not cached has to be stored and the cache is full,
// first evict the entry that was used least recently. Both a hit and a fetch
// count as a use of that entry. Refetching an expired entry replaces it in
// place, so it never needs an eviction. Expiry and eviction are separate rules:
// the entry to evict is the least recently used one, even when another entry
// has already expired (an expired entry is only refetched when it is asked for).
//
// The TTL rule stays as it was: an entry fetched at `t` is fresh while the
// clock reads less than `t + ttl_ms`. `len` reports how many entries are held.

use std::collections::HashMap;

/// Where the cache reads the time, in milliseconds. It never goes backwards.
pub trait Clock {
    fn now_ms(&self) -> u64;
}

/// The dependency behind the cache.
pub trait Catalogue {
    /// The base price of `product`, in cents.
    fn base_price(&self, product: &str) -> u64;
}

/// One cached answer and when it was fetched.
struct Entry {
    fetched_at_ms: u64,
    cents: u64,
}

/// Keeps the catalogue's answers for `ttl_ms` milliseconds, and at most
/// `capacity` of them at a time.
pub struct BoundedCache<'a> {
    source: &'a dyn Catalogue,
    clock: &'a dyn Clock,
    ttl_ms: u64,
    capacity: usize,
    entries: HashMap<String, Entry>,
}

impl<'a> BoundedCache<'a> {
    /// `capacity` must be at least 1.
    pub fn new(
        source: &'a dyn Catalogue,
        clock: &'a dyn Clock,
        ttl_ms: u64,
        capacity: usize,
    ) -> Self {
        assert!(capacity >= 1, "a cache needs room for at least one entry");
        BoundedCache {
            source,
            clock,
            ttl_ms,
            capacity,
            entries: HashMap::new(),
        }
    }

    /// How many entries the cache holds right now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The base price of `product`: from the cache while its entry is fresh,
    /// otherwise from the catalogue.
    pub fn get(&mut self, product: &str) -> u64 {
        let now = self.clock.now_ms();
        if let Some(entry) = self.entries.get(product) {
            if now - entry.fetched_at_ms < self.ttl_ms {
                return entry.cents;
            }
        }
        let cents = self.source.base_price(product);
        let entry = Entry {
            fetched_at_ms: now,
            cents,
        };
        self.entries.insert(product.to_string(), entry);
        cents
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    /// A clock that moves only when the test says so.
    #[derive(Default)]
    struct FakeClock {
        now: Cell<u64>,
    }

    impl FakeClock {
        fn advance(&self, ms: u64) {
            self.now.set(self.now.get() + ms);
        }
    }

    impl Clock for FakeClock {
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
    }

    /// A catalogue that prices every product by the length of its name
    /// (unless the test sets a price), and counts calls per product.
    #[derive(Default)]
    struct FakeCatalogue {
        prices: RefCell<HashMap<String, u64>>,
        calls: RefCell<HashMap<String, usize>>,
        total_calls: Cell<usize>,
    }

    impl FakeCatalogue {
        fn set(&self, product: &str, cents: u64) {
            self.prices.borrow_mut().insert(product.to_string(), cents);
        }

        fn calls_for(&self, product: &str) -> usize {
            self.calls.borrow().get(product).copied().unwrap_or(0)
        }
    }

    impl Catalogue for FakeCatalogue {
        fn base_price(&self, product: &str) -> u64 {
            *self
                .calls
                .borrow_mut()
                .entry(product.to_string())
                .or_default() += 1;
            self.total_calls.set(self.total_calls.get() + 1);
            self.prices
                .borrow()
                .get(product)
                .copied()
                .unwrap_or(100 * product.len() as u64)
        }
    }

    /// Long enough that nothing expires during a test about capacity.
    const AN_HOUR: u64 = 3_600_000;

    #[test]
    fn never_holds_more_than_its_capacity() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, AN_HOUR, 3);
        for i in 0..20 {
            cache.get(&format!("product-{i}"));
            assert!(
                cache.len() <= 3,
                "after {} products the cache holds {}",
                i + 1,
                cache.len()
            );
        }
        assert_eq!(cache.len(), 3, "a full cache stays full");
    }

    #[test]
    fn the_least_recently_used_entry_is_evicted_first() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, AN_HOUR, 2);
        cache.get("kettle");
        cache.get("mug");
        cache.get("teapot"); // full: kettle is the least recently used, so it goes
        cache.get("mug");
        cache.get("teapot");
        assert_eq!(
            catalogue.total_calls.get(),
            3,
            "mug and teapot are still cached"
        );
        cache.get("kettle");
        assert_eq!(
            catalogue.calls_for("kettle"),
            2,
            "kettle was evicted and is fetched again"
        );
    }

    #[test]
    fn a_hit_counts_as_a_use() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, AN_HOUR, 2);
        cache.get("kettle");
        cache.get("mug");
        cache.get("kettle"); // a hit: now mug is the least recently used
        cache.get("teapot"); // evicts mug, not kettle
        cache.get("kettle");
        assert_eq!(
            catalogue.calls_for("kettle"),
            1,
            "kettle was used recently and must stay"
        );
        cache.get("mug");
        assert_eq!(catalogue.calls_for("mug"), 2, "mug was the one evicted");
    }

    #[test]
    fn an_evicted_product_gets_a_fresh_price() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        let mut cache = BoundedCache::new(&catalogue, &clock, AN_HOUR, 1);
        assert_eq!(cache.get("kettle"), 2000);
        catalogue.set("kettle", 1800);
        cache.get("mug"); // capacity 1: kettle is evicted
        assert_eq!(
            cache.get("kettle"),
            1800,
            "an evicted entry is gone, so the price is fetched"
        );
    }

    #[test]
    fn entries_still_expire_after_the_ttl() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        catalogue.set("kettle", 2000);
        let mut cache = BoundedCache::new(&catalogue, &clock, 1_000, 10);
        assert_eq!(cache.get("kettle"), 2000);
        catalogue.set("kettle", 1800);
        clock.advance(999);
        assert_eq!(cache.get("kettle"), 2000, "still fresh: stale by design");
        clock.advance(1);
        assert_eq!(cache.get("kettle"), 1800, "expired: fetched again");
    }

    #[test]
    fn refetching_an_expired_entry_does_not_evict_another() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, 1_000, 2);
        cache.get("kettle"); // t = 0: fetched
        clock.advance(100);
        cache.get("mug"); // t = 100: fetched, fresh until 1100
        clock.advance(100);
        cache.get("kettle"); // t = 200: a hit; mug is now the least recently used
        clock.advance(800);
        cache.get("kettle"); // t = 1000: expired, refetched and replaced in place
        assert_eq!(cache.len(), 2, "the refresh took no extra place");
        clock.advance(50);
        cache.get("mug"); // t = 1050: still fresh, and still cached
        assert_eq!(
            catalogue.calls_for("mug"),
            1,
            "refreshing kettle must not evict mug: the cache was not growing"
        );
        assert_eq!(catalogue.calls_for("kettle"), 2, "kettle: first fetch and refresh");
    }

    #[test]
    fn the_least_recently_used_entry_goes_even_if_another_has_expired() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, 1_000, 2);
        cache.get("kettle"); // t = 0: fetched, expires at 1000
        clock.advance(500);
        cache.get("mug"); // t = 500: fetched
        clock.advance(400);
        cache.get("kettle"); // t = 900: a hit, so mug is now the least recently used
        clock.advance(200);
        cache.get("teapot"); // t = 1100: full; kettle has expired, but mug goes
        cache.get("mug");
        assert_eq!(
            catalogue.calls_for("mug"),
            2,
            "mug was the least recently used, so it was evicted and is fetched again"
        );
    }

    #[test]
    fn a_working_set_that_fits_is_served_from_the_cache() {
        let clock = FakeClock::default();
        let catalogue = FakeCatalogue::default();
        let mut cache = BoundedCache::new(&catalogue, &clock, AN_HOUR, 4);
        for _ in 0..10 {
            for product in ["a", "bb", "ccc", "dddd"] {
                assert_eq!(cache.get(product), 100 * product.len() as u64);
            }
        }
        assert_eq!(
            catalogue.total_calls.get(),
            4,
            "four products fit in four places"
        );
    }
}
