// boundary4_cas_counter: a counter kept by stateless workers
//
// A pool of workers counts page views. The workers are stateless: they keep no count of
// their own, so any worker can take any request, and a worker can crash and be replaced
// without losing anything. The count lives in a key-value store, the stateful component.
// To count a view, a worker reads the current value and writes back that value plus one.
//
// Now let two workers do it at the same time. Both read 41, both write 42: one view is
// gone, and nobody notices. Each worker is right on its own; the trouble is that the
// store accepted a write based on a value that had changed since it was read. The fix is
// at the boundary: the store offers an atomic compare-and-swap ("make it 42, but only if
// it is still 41"), and a worker whose swap fails reads again and tries again.
//
// `Increment` is one such request in flight. It is written as a small state machine whose
// every `step` makes exactly one call to the store, so that the harness can interleave
// many increments in an order picked by a seeded scheduler: the race happens on every
// run, the same way every time. (In a real system each increment would be a thread or an
// async task; a step boundary is where another worker can slip in.)
//
// Your task: fix `Increment::step`. Right now it reads, then blindly `put`s the value it
// read plus one, and increments get lost. Make it write with `compare_and_swap`; when
// the swap fails, go back to reading. When the swap succeeds, the increment is
// `Done(value it wrote)`.

use std::cell::Cell;
use std::collections::HashMap;

// ----- provided: you do not need to change this -----

/// The stateful component: a key-value store of counters that counts the calls made to it.
#[derive(Debug, Default)]
pub struct KvStore {
    values: HashMap<String, u64>,
    calls: Cell<u64>,
}

impl KvStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value under `key`; 0 if it was never written.
    pub fn get(&self, key: &str) -> u64 {
        self.calls.set(self.calls.get() + 1);
        self.values.get(key).copied().unwrap_or(0)
    }

    /// Overwrites the value under `key`, whatever it is now.
    pub fn put(&mut self, key: &str, value: u64) {
        self.calls.set(self.calls.get() + 1);
        self.values.insert(key.to_string(), value);
    }

    /// Atomically: if the value under `key` is `expected`, sets it to `new` and returns
    /// `Ok(())`; otherwise changes nothing and returns `Err(the current value)`.
    pub fn compare_and_swap(&mut self, key: &str, expected: u64, new: u64) -> Result<(), u64> {
        self.calls.set(self.calls.get() + 1);
        let current = self.values.get(key).copied().unwrap_or(0);
        if current != expected {
            return Err(current);
        }
        self.values.insert(key.to_string(), new);
        Ok(())
    }

    /// How many calls have been made to the store so far.
    pub fn calls(&self) -> u64 {
        self.calls.get()
    }
}

/// What one step of an increment reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// Not finished: step it again.
    Pending,
    /// Finished; the value it wrote to the store.
    Done(u64),
}

/// Runs all the increments to completion, each step of each picked by a scheduler seeded
/// with `seed`. Returns the `Done` values in the order the increments finished.
pub fn run_interleaved(store: &mut KvStore, increments: &mut [Increment], seed: u64) -> Vec<u64> {
    let mut state = seed;
    let mut pending: Vec<usize> = (0..increments.len()).collect();
    let mut finished = Vec::new();
    let mut steps = 0;
    while !pending.is_empty() {
        // splitmix64, a small deterministic random source
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let pick = ((z ^ (z >> 31)) % pending.len() as u64) as usize;

        let calls_before = store.calls();
        let poll = increments[pending[pick]].step(store);
        assert_eq!(
            store.calls() - calls_before,
            1,
            "each step must make exactly one call to the store"
        );
        if let Poll::Done(value) = poll {
            finished.push(value);
            pending.swap_remove(pick);
        }
        steps += 1;
        assert!(
            steps < 100_000,
            "the increments are still not done after 100,000 steps: does a lost swap lead to a fresh read?"
        );
    }
    finished
}

// ----- your code -----

/// One increment of the counter under `key`, in flight.
pub struct Increment {
    key: String,
    phase: Phase,
}

/// Where an increment is: about to read, or about to write what it computed.
enum Phase {
    Read,
    Write { seen: u64 },
}

impl Increment {
    pub fn new(key: &str) -> Self {
        Increment {
            key: key.to_string(),
            phase: Phase::Read,
        }
    }

    /// Makes exactly one call to the store.
    pub fn step(&mut self, store: &mut KvStore) -> Poll {
        match self.phase {
            Phase::Read => {
                let seen = store.get(&self.key);
                self.phase = Phase::Write { seen };
                Poll::Pending
            }
            Phase::Write { seen } => {
                // The swap makes the write safe.
                let _ = store.compare_and_swap(&self.key, seen, seen + 1);
                Poll::Done(seen + 1)
            }
        }
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn increments(key: &str, n: usize) -> Vec<Increment> {
        (0..n).map(|_| Increment::new(key)).collect()
    }

    fn step_until_done(increment: &mut Increment, store: &mut KvStore) -> u64 {
        for _ in 0..10 {
            if let Poll::Done(value) = increment.step(store) {
                return value;
            }
        }
        panic!("an increment with nobody else around should finish in a few steps");
    }

    #[test]
    fn one_increment_alone_counts_one() {
        let mut store = KvStore::new();
        let done = run_interleaved(&mut store, &mut increments("views", 1), 7);
        assert_eq!(done, vec![1], "the first increment writes 1");
        assert_eq!(store.get("views"), 1);
    }

    #[test]
    fn increments_one_after_another_each_count() {
        let mut store = KvStore::new();
        for expected in 1..=5 {
            let value = step_until_done(&mut Increment::new("views"), &mut store);
            assert_eq!(
                value, expected,
                "with no overlap, each increment sees the one before it"
            );
        }
        assert_eq!(store.get("views"), 5);
    }

    #[test]
    fn an_increment_that_loses_the_race_tries_again() {
        let mut store = KvStore::new();
        let mut first = Increment::new("views");
        let mut second = Increment::new("views");
        assert_eq!(first.step(&mut store), Poll::Pending, "first reads 0");
        assert_eq!(
            second.step(&mut store),
            Poll::Pending,
            "second also reads 0"
        );
        assert_eq!(first.step(&mut store), Poll::Done(1), "first writes 1");
        assert_eq!(
            second.step(&mut store),
            Poll::Pending,
            "second read 0, but the counter is now 1: writing 1 again would lose first's increment"
        );
        assert_eq!(
            step_until_done(&mut second, &mut store),
            2,
            "second retries and writes 2"
        );
        assert_eq!(store.get("views"), 2, "two increments, count 2");
    }

    #[test]
    fn interleaved_increments_lose_nothing() {
        let mut store = KvStore::new();
        run_interleaved(&mut store, &mut increments("views", 20), 42);
        assert_eq!(
            store.get("views"),
            20,
            "20 increments ran at the same time; the count must be 20"
        );
    }

    #[test]
    fn every_increment_writes_a_different_value() {
        let mut store = KvStore::new();
        let mut done = run_interleaved(&mut store, &mut increments("views", 20), 1234);
        done.sort();
        assert_eq!(
            done,
            (1..=20).collect::<Vec<u64>>(),
            "each increment must move the counter one step, so their values are exactly 1 to 20"
        );
    }

    #[test]
    fn counters_under_different_keys_do_not_disturb_each_other() {
        let mut store = KvStore::new();
        let mut all = increments("home", 12);
        all.extend(increments("about", 7));
        run_interleaved(&mut store, &mut all, 99);
        assert_eq!(store.get("home"), 12);
        assert_eq!(store.get("about"), 7);
    }
}
