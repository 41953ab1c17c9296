// indirect4_ttl_cache: a cache is state
//
// Asking the discount service on every request is correct but costs a call
// each time. A cache in front of it saves those calls by keeping recent
// answers. Be clear about what that means: the cache holds data that changes
// over time, and its answers depend on what it was asked before. A cache is
// state, and the component that holds one is stateful.
//
// The price of that state is staleness. Once an answer is cached, a change at
// the source is not seen until the entry expires. A time to live (TTL) bounds
// how stale an answer can be.
//
// Build `TtlCache::get`:
//   - If `product` has an entry fetched at time `t` and the clock now reads
//     less than `t + ttl_ms`, answer from the entry (a hit).
//   - Otherwise (no entry, or `now >= t + ttl_ms`), ask the source, store its
//     answer with the current time, and return it.
// So with a TTL of 0 nothing is ever served from the cache.
//
// Time comes from the injected `Clock`, never from the system clock, so the
// tests can move time forward by exactly the amount they want. Notice that
// `get` takes `&mut self`: the signature admits that asking changes the cache.

use std::collections::HashMap;

/// Where the cache reads the time, in milliseconds. It never goes backwards.
pub trait Clock {
    fn now_ms(&self) -> u64;
}

/// The dependency behind the cache.
pub trait Discounts {
    /// The discounts on `product`, as whole percents off, in the order to apply them.
    fn percent_off(&self, product: &str) -> Vec<u32>;
}

/// One cached answer and when it was fetched.
struct Entry {
    fetched_at_ms: u64,
    percents: Vec<u32>,
}

/// Keeps the source's answers for `ttl_ms` milliseconds.
pub struct TtlCache<'a> {
    source: &'a dyn Discounts,
    clock: &'a dyn Clock,
    ttl_ms: u64,
    entries: HashMap<String, Entry>,
    /// When the whole cache was last filled: everything expires together.
    filled_at_ms: Option<u64>,
}

impl<'a> TtlCache<'a> {
    pub fn new(source: &'a dyn Discounts, clock: &'a dyn Clock, ttl_ms: u64) -> Self {
        TtlCache {
            source,
            clock,
            ttl_ms,
            entries: HashMap::new(),
            filled_at_ms: None,
        }
    }

    /// The discounts on `product`: from the cache while its entry is fresh,
    /// otherwise from the source.
    pub fn get(&mut self, product: &str) -> Vec<u32> {
        let now = self.clock.now_ms();
        match self.filled_at_ms {
            Some(filled) if now - filled < self.ttl_ms => {
                if let Some(entry) = self.entries.get(product) {
                    return entry.percents.clone();
                }
            }
            _ => {
                self.entries.clear();
                self.filled_at_ms = Some(now);
            }
        }
        let percents = self.source.percent_off(product);
        let entry = Entry {
            fetched_at_ms: now,
            percents: percents.clone(),
        };
        self.entries.insert(product.to_string(), entry);
        percents
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

    /// A discount service the test can change, counting how often it is asked.
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
    fn the_first_request_for_a_product_asks_the_source() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        source.set("kettle", &[25]);
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        assert_eq!(cache.get("kettle"), vec![25]);
        assert_eq!(source.calls.get(), 1);
    }

    #[test]
    fn a_repeat_request_within_the_ttl_is_a_hit() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        source.set("kettle", &[25]);
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        cache.get("kettle");
        clock.advance(400);
        assert_eq!(cache.get("kettle"), vec![25]);
        assert_eq!(cache.get("kettle"), vec![25]);
        assert_eq!(
            source.calls.get(),
            1,
            "both repeats must be served from the cache"
        );
    }

    #[test]
    fn an_entry_is_still_fresh_one_millisecond_before_the_ttl_ends() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        cache.get("kettle");
        clock.advance(999);
        cache.get("kettle");
        assert_eq!(
            source.calls.get(),
            1,
            "at 999 ms of a 1000 ms TTL the entry is fresh"
        );
    }

    #[test]
    fn an_entry_expires_exactly_when_the_ttl_has_passed() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        cache.get("kettle");
        clock.advance(1_000);
        cache.get("kettle");
        assert_eq!(
            source.calls.get(),
            2,
            "at 1000 ms of a 1000 ms TTL the entry has expired"
        );
    }

    #[test]
    fn a_refetch_starts_a_new_ttl() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        cache.get("kettle"); // t = 0: fetch
        clock.advance(1_500);
        cache.get("kettle"); // t = 1500: expired, fetch again
        clock.advance(900);
        cache.get("kettle"); // t = 2400: fresh, fetched at 1500
        assert_eq!(source.calls.get(), 2);
        clock.advance(100);
        cache.get("kettle"); // t = 2500: expired again
        assert_eq!(source.calls.get(), 3);
    }

    #[test]
    fn a_change_at_the_source_is_invisible_until_the_entry_expires() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        source.set("kettle", &[10]);
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        assert_eq!(cache.get("kettle"), vec![10]);
        clock.advance(1);
        source.set("kettle", &[50]); // the sale changes just after we fetched
        clock.advance(998);
        assert_eq!(
            cache.get("kettle"),
            vec![10],
            "stale, and allowed to be: still inside the TTL"
        );
        clock.advance(1);
        assert_eq!(
            cache.get("kettle"),
            vec![50],
            "once the TTL has passed the new answer shows"
        );
    }

    #[test]
    fn each_product_expires_on_its_own_schedule() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        let mut cache = TtlCache::new(&source, &clock, 1_000);
        cache.get("kettle"); // t = 0
        clock.advance(600);
        cache.get("mug"); // t = 600
        clock.advance(500);
        cache.get("kettle"); // t = 1100: kettle expired
        cache.get("mug"); // t = 1100: mug still fresh
        assert_eq!(source.calls.get(), 3);
    }

    #[test]
    fn a_ttl_of_zero_caches_nothing() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        let mut cache = TtlCache::new(&source, &clock, 0);
        for _ in 0..4 {
            cache.get("kettle");
        }
        assert_eq!(source.calls.get(), 4);
    }

    #[test]
    fn two_caches_over_one_source_can_disagree() {
        let clock = FakeClock::default();
        let source = FakeDiscounts::default();
        source.set("kettle", &[10]);
        let mut early = TtlCache::new(&source, &clock, 1_000);
        let mut late = TtlCache::new(&source, &clock, 1_000);
        early.get("kettle");
        clock.advance(100);
        source.set("kettle", &[50]);
        assert_ne!(
            early.get("kettle"),
            late.get("kettle"),
            "their answers depend on what each was asked before: that is state"
        );
    }
}
