// stateful1_registry: a system whose answers depend on what it remembers
//
// In chapter 1 you wrote `maximum(numbers)`: everything it needed came in with the
// request, so it never had to remember anything. Now build the other kind of system.
//
// A company wants a registry of its employees' ages. People are registered one at a
// time (`register("ada", 36)`), and at any moment someone may ask "how old is our
// oldest employee?" with `max_age()`. Look at that call: it takes no input at all.
// Its answer can only come from what earlier calls stored. That is what makes a
// system *stateful*: it keeps state, changes it, and its results depend on it.
//
// Your task:
//   - decide what `Registry` must remember, and put it in the struct;
//   - `register(name, age)` records an employee; registering a name that is already
//     there replaces that employee's age (it is the same person, now older);
//   - `age_of(name)` gives that employee's age, or `None` if nobody has that name;
//   - `len()` is how many employees are registered, `is_empty()` whether there are none;
//   - `max_age()` is the age of the oldest employee, or `None` when there are none.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Registry {
    ages: HashMap<String, u32>,
    /// The oldest age so far, kept up to date on every registration.
    max: Option<u32>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, name: &str, age: u32) {
        self.ages.insert(name.to_string(), age);
        self.max = self.max.max(Some(age));
    }

    pub fn age_of(&self, name: &str) -> Option<u32> {
        self.ages.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.ages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
    }

    pub fn max_age(&self) -> Option<u32> {
        self.max
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_registry_has_no_employees_and_no_maximum() {
        let registry = Registry::new();
        assert!(registry.is_empty(), "a new registry should be empty");
        assert_eq!(registry.len(), 0, "a new registry should have 0 employees");
        assert_eq!(
            registry.max_age(),
            None,
            "nobody registered, so there is no oldest employee"
        );
    }

    #[test]
    fn maximum_is_the_age_of_the_oldest_registered_employee() {
        let mut registry = Registry::new();
        registry.register("ada", 36);
        registry.register("grace", 85);
        registry.register("alan", 41);
        assert_eq!(registry.max_age(), Some(85), "grace (85) is the oldest");
        assert_eq!(
            registry.len(),
            3,
            "three different employees were registered"
        );
        assert!(
            !registry.is_empty(),
            "a registry with three employees is not empty"
        );
    }

    #[test]
    fn the_same_question_gets_different_answers_as_the_state_changes() {
        let mut registry = Registry::new();
        let mut answers = Vec::new();
        answers.push(registry.max_age());
        registry.register("ada", 36);
        answers.push(registry.max_age());
        registry.register("grace", 85);
        answers.push(registry.max_age());
        registry.register("alan", 41);
        answers.push(registry.max_age());
        assert_eq!(
            answers,
            vec![None, Some(36), Some(85), Some(85)],
            "max_age() takes no input: its answers must follow what was registered before"
        );
    }

    #[test]
    fn registering_a_name_again_replaces_that_employees_age() {
        let mut registry = Registry::new();
        registry.register("ada", 36);
        registry.register("ada", 37);
        assert_eq!(
            registry.age_of("ada"),
            Some(37),
            "the newest registration of ada wins"
        );
        assert_eq!(registry.len(), 1, "ada is still one employee, not two");
        assert_eq!(
            registry.max_age(),
            Some(37),
            "ada's old age 36 no longer exists"
        );
    }

    #[test]
    fn an_employee_can_be_registered_younger_than_before() {
        let mut registry = Registry::new();
        registry.register("alan", 41);
        registry.register("alan", 14);
        assert_eq!(
            registry.max_age(),
            Some(14),
            "alan's age was corrected to 14, so 41 must not be remembered anywhere"
        );
    }

    #[test]
    fn age_of_an_unknown_employee_is_none() {
        let mut registry = Registry::new();
        registry.register("ada", 36);
        assert_eq!(registry.age_of("bob"), None, "bob was never registered");
        assert_eq!(registry.age_of("ada"), Some(36), "ada was registered at 36");
    }

    #[test]
    fn two_registries_keep_separate_state() {
        let mut first = Registry::new();
        let mut second = Registry::new();
        first.register("ada", 36);
        second.register("linus", 28);
        assert_eq!(
            first.max_age(),
            Some(36),
            "the first registry only knows ada"
        );
        assert_eq!(
            second.max_age(),
            Some(28),
            "the second registry only knows linus"
        );
        assert_eq!(
            first.age_of("linus"),
            None,
            "state must not leak between registries"
        );
    }
}
