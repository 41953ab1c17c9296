// stateful2_updates: keeping the maximum right, and cheap, while the state changes
//
// Storing state is only half the job: the system also has to process it well. Our
// employee registry now has to handle people joining, changing age and leaving, and
// still answer "how old is the oldest?" at any moment, cheaply, however many employees
// there are.
//
// Somebody already tried. The registry below remembers the maximum in a field and
// bumps it on every registration. Answering is instant, but the answer goes stale:
// when the oldest employee leaves, or has their age corrected downwards, the field
// still holds the old value. Rescanning every employee on each question (or on each
// removal) would be right, but its cost grows with the size of the company.
//
// Your task: make `register`, `remove` and `max_age` always agree with the stored
// employees, with no operation walking through all of them. One way: besides the
// name -> age map, keep a second, *ordered* piece of state that says how many
// employees have each age, and update both on every write.
//
//   - `register(name, age)` adds an employee, or changes the age of one already
//     there; it returns the previous age (`None` for a new employee);
//   - `remove(name)` removes an employee and returns their age (`None` if unknown);
//   - `max_age()` is the oldest employee's age, `None` when there is nobody;
//   - `age_of`, `len` and `is_empty` work as in stateful1.
//
// How can a test tell "cheap" from "slow" without a stopwatch (which would depend on
// the machine and on what else it is doing)? By counting the work. The registry is
// generic over the type of an age, `A`: anything that can be ordered and copied. Most
// tests use `u32`. One uses an age type that counts every comparison between two ages
// (it also implements `Hash` and `Debug`, should you need them). It registers 5,000
// employees, then asks for the maximum and removes the oldest employee, 5,000 times,
// and allows at most 200 comparisons per operation on average. Looking through every
// employee for the maximum compares thousands of ages for a single question; an
// ordered structure needs a few dozen.

use std::collections::{BTreeSet, HashMap};

#[derive(Debug)]
pub struct Registry<A> {
    ages: HashMap<String, A>,
    /// Every age in the registry, in order: the last one is the maximum.
    by_age: BTreeSet<A>,
}

impl<A: Ord + Copy> Registry<A> {
    pub fn new() -> Self {
        Registry {
            ages: HashMap::new(),
            by_age: BTreeSet::new(),
        }
    }

    pub fn register(&mut self, name: &str, age: A) -> Option<A> {
        let previous = self.ages.insert(name.to_string(), age);
        if let Some(old) = previous {
            self.forget_one(old);
        }
        self.by_age.insert(age);
        previous
    }

    pub fn remove(&mut self, name: &str) -> Option<A> {
        let removed = self.ages.remove(name);
        if let Some(old) = removed {
            self.forget_one(old);
        }
        removed
    }

    /// One employee of this age is gone: count one less, and drop the age when
    /// nobody has it any more, so that it can no longer be the maximum.
    fn forget_one(&mut self, age: A) {
        self.by_age.remove(&age);
    }

    pub fn age_of(&self, name: &str) -> Option<A> {
        self.ages.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.ages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
    }

    pub fn max_age(&self) -> Option<A> {
        self.by_age.iter().next_back().copied()
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::cmp::Ordering;
    use std::collections::HashMap;

    /// Ages are whole years in most tests.
    fn registry() -> Registry<u32> {
        Registry::new()
    }

    #[test]
    fn register_returns_the_previous_age_and_remove_returns_the_removed_one() {
        let mut registry = registry();
        assert_eq!(
            registry.register("ada", 36),
            None,
            "ada is new: no previous age"
        );
        assert_eq!(
            registry.register("ada", 37),
            Some(36),
            "ada was 36 before this update"
        );
        assert_eq!(registry.remove("ada"), Some(37), "ada was 37 when she left");
        assert_eq!(registry.remove("ada"), None, "ada is already gone");
        assert!(registry.is_empty(), "nobody is left");
    }

    #[test]
    fn when_the_oldest_employee_leaves_the_maximum_goes_down() {
        let mut registry = registry();
        registry.register("ada", 36);
        registry.register("grace", 85);
        registry.register("alan", 41);
        registry.remove("grace");
        assert_eq!(
            registry.max_age(),
            Some(41),
            "grace (85) left, alan (41) is now the oldest"
        );
    }

    #[test]
    fn correcting_the_oldest_age_downwards_lowers_the_maximum() {
        let mut registry = registry();
        registry.register("ada", 36);
        registry.register("alan", 410);
        registry.register("alan", 41);
        assert_eq!(
            registry.max_age(),
            Some(41),
            "alan's age 410 was a typo, corrected to 41"
        );
        assert_eq!(registry.len(), 2, "correcting an age adds nobody");
    }

    #[test]
    fn two_employees_of_the_same_age_one_leaves_the_maximum_stays() {
        let mut registry = registry();
        registry.register("ada", 50);
        registry.register("grace", 50);
        registry.register("alan", 30);
        registry.remove("ada");
        assert_eq!(registry.max_age(), Some(50), "grace is still 50");
        registry.remove("grace");
        assert_eq!(registry.max_age(), Some(30), "now alan (30) is the oldest");
    }

    #[test]
    fn removing_someone_unknown_changes_nothing() {
        let mut registry = registry();
        registry.register("ada", 36);
        assert_eq!(registry.remove("bob"), None, "bob was never registered");
        assert_eq!(registry.len(), 1, "ada is still there");
        assert_eq!(
            registry.max_age(),
            Some(36),
            "the maximum is still ada's age"
        );
    }

    #[test]
    fn after_everyone_leaves_there_is_no_maximum() {
        let mut registry = registry();
        registry.register("ada", 36);
        registry.register("grace", 85);
        registry.remove("ada");
        registry.remove("grace");
        assert_eq!(
            registry.max_age(),
            None,
            "an empty registry has no oldest employee"
        );
        registry.register("linus", 28);
        assert_eq!(
            registry.max_age(),
            Some(28),
            "a newcomer after that is the oldest"
        );
    }

    /// splitmix64: a tiny seeded generator, so every run sees the same operations.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }
    }

    /// The reference model: a map of names and a sorted list of every age.
    /// Easy to trust; its maximum is simply the last element of the list.
    #[derive(Default)]
    struct Model {
        ages: HashMap<String, u32>,
        sorted: Vec<u32>,
    }

    impl Model {
        fn drop_age(&mut self, age: u32) {
            let at = self
                .sorted
                .binary_search(&age)
                .expect("the model lost an age");
            self.sorted.remove(at);
        }

        fn register(&mut self, name: &str, age: u32) -> Option<u32> {
            let previous = self.ages.insert(name.to_string(), age);
            if let Some(old) = previous {
                self.drop_age(old);
            }
            let at = self.sorted.binary_search(&age).unwrap_or_else(|at| at);
            self.sorted.insert(at, age);
            previous
        }

        fn remove(&mut self, name: &str) -> Option<u32> {
            let removed = self.ages.remove(name);
            if let Some(old) = removed {
                self.drop_age(old);
            }
            removed
        }
    }

    #[test]
    fn agrees_with_a_reference_model_over_20000_random_operations() {
        let mut rng = Rng(2024);
        let mut registry = registry();
        let mut model = Model::default();
        for step in 0..20_000 {
            let name = format!("employee{}", rng.below(500));
            let age = 18 + rng.below(50) as u32;
            match rng.below(10) {
                0..=4 => assert_eq!(
                    registry.register(&name, age),
                    model.register(&name, age),
                    "step {step}: register({name}, {age}) should return the previous age"
                ),
                5..=7 => assert_eq!(
                    registry.remove(&name),
                    model.remove(&name),
                    "step {step}: remove({name}) should return the removed age"
                ),
                _ => assert_eq!(
                    registry.age_of(&name),
                    model.ages.get(&name).copied(),
                    "step {step}: age_of({name})"
                ),
            }
            assert_eq!(
                registry.max_age(),
                model.sorted.last().copied(),
                "step {step}: max_age() disagrees with the model"
            );
            assert_eq!(registry.len(), model.ages.len(), "step {step}: len()");
        }
    }

    thread_local! {
        /// How many times two `CountedAge`s were compared on this test's thread.
        static COMPARISONS: Cell<u64> = const { Cell::new(0) };
    }

    fn comparisons() -> u64 {
        COMPARISONS.with(Cell::get)
    }

    /// An age that counts its comparisons: the work a registry does to order ages.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    struct CountedAge(u32);

    impl Ord for CountedAge {
        fn cmp(&self, other: &Self) -> Ordering {
            COMPARISONS.with(|count| count.set(count.get() + 1));
            self.0.cmp(&other.0)
        }
    }

    impl PartialOrd for CountedAge {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }

    /// At most this many comparisons of ages per operation, on average.
    const BUDGET: u64 = 200;

    #[test]
    fn the_maximum_stays_cheap_counted_in_comparisons() {
        // 5,000 employees, then the oldest leaves, 5,000 times. Scanning everyone for the
        // maximum costs thousands of comparisons per question; an ordered index answers
        // each in a few dozen.
        let n: u32 = 5_000;
        let mut registry: Registry<CountedAge> = Registry::new();
        let start = comparisons();
        for age in 0..n {
            registry.register(&format!("e{age}"), CountedAge(age));
        }
        let used = comparisons() - start;
        assert!(
            used <= BUDGET * u64::from(n),
            "registering {n} employees compared ages {used} times, more than {BUDGET} per registration"
        );
        let start = comparisons();
        let mut operations = 0;
        for age in (0..n).rev() {
            assert_eq!(
                registry.max_age(),
                Some(CountedAge(age)),
                "e{age} is the oldest one left"
            );
            assert_eq!(
                registry.remove(&format!("e{age}")),
                Some(CountedAge(age)),
                "e{age} leaves"
            );
            operations += 2;
            let used = comparisons() - start;
            assert!(
                used <= BUDGET * operations,
                "{operations} operations (questions and removals) with about {age} employees \
                 left compared ages {used} times, more than {BUDGET} per operation: is \
                 something looking through every employee?"
            );
        }
        assert_eq!(registry.max_age(), None, "everyone has left");
    }
}
