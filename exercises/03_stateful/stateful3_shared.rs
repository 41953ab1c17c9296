// stateful3_shared: many threads, one state, no lost updates
//
// A stateless function can be called from any number of threads at once: each call
// has its own inputs and nothing is shared. State is different. Once several threads
// write to the same registry, every write is a *read-modify-write* of shared data
// (read the counter, work out the next value, write it back), and two of them
// interleaving can silently undo each other: a *lost update*. Concurrency is one more
// price of keeping state.
//
// `SharedRegistry` is a handle: cloning it gives another handle to the same registry
// (an `Arc` around a `Mutex`), so threads can share it. `register` gives each new
// employee a unique id taken from a counter, prints the employee's badge (which needs
// the id, and is slow: while it runs, other threads run too), then stores the employee
// under that id. It does lock the mutex, but three separate times: read the counter,
// store the employee, write the counter back. Between those locks another thread can
// read the same counter value, get the same id, and overwrite the first employee.
// Nothing crashes; registrations just vanish.
//
// Your task: make `register` safe when 8 threads call it at the same time, so that
// every registration gets its own id and none is lost. The fix is about *how long*
// the lock is held (no other thread may read the counter between your read and your
// write), not about adding more locks. Keep printing each badge with `print_badge`.
//
//   - `register(name, age)` stores a new employee and returns its id: 0, 1, 2, ...
//     with no id ever handed out twice;
//   - `age_of(id)`, `name_of(id)` and `badge_of(id)` describe that employee (the badge
//     is what `print_badge` returned for that id and name); `len()` counts them all.

// ----- provided: you do not need to change this -----
/// Prints an employee's badge and returns its text. It talks to the badge printer, so
/// it is slow, and while it waits other threads get to run (`yield_now`).
pub fn print_badge(id: u64, name: &str) -> String {
    std::thread::yield_now();
    format!("#{id} {name}")
}
// ----- your code -----

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
struct Employee {
    name: String,
    age: u32,
    badge: String,
}

#[derive(Debug, Default)]
struct State {
    next_id: u64,
    employees: HashMap<u64, Employee>,
}

#[derive(Debug, Clone, Default)]
pub struct SharedRegistry {
    state: Arc<Mutex<State>>,
}

impl SharedRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&self, name: &str, age: u32) -> u64 {
        // 1. read the counter
        let id = self.state.lock().unwrap().next_id;
        let badge = print_badge(id, name);
        // 2. store the employee under that id
        let employee = Employee {
            name: name.to_string(),
            age,
            badge,
        };
        self.state.lock().unwrap().employees.insert(id, employee);
        // 3. write the counter back
        self.state.lock().unwrap().next_id = id + 1;
        id
    }

    pub fn age_of(&self, id: u64) -> Option<u32> {
        self.state
            .lock()
            .unwrap()
            .employees
            .get(&id)
            .map(|employee| employee.age)
    }

    pub fn name_of(&self, id: u64) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .employees
            .get(&id)
            .map(|employee| employee.name.clone())
    }

    pub fn badge_of(&self, id: u64) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .employees
            .get(&id)
            .map(|employee| employee.badge.clone())
    }

    pub fn len(&self) -> usize {
        self.state.lock().unwrap().employees.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    const THREADS: usize = 8;
    const PER_THREAD: usize = 300;

    /// The age that thread `t` gives its `i`th employee.
    fn age_for(t: usize, i: usize) -> u32 {
        (t * 10 + i % 10) as u32
    }

    /// Starts THREADS threads on clones of `registry`; they wait for each other at a
    /// barrier, then each registers PER_THREAD employees. Returns every id handed out,
    /// with the thread and the number of the registration it belongs to.
    fn register_from_many_threads(registry: &SharedRegistry) -> Vec<(u64, usize, usize)> {
        let start = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let registry = registry.clone();
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    let mut handed_out = Vec::with_capacity(PER_THREAD);
                    for i in 0..PER_THREAD {
                        let id = registry.register(&format!("t{t}-e{i}"), age_for(t, i));
                        handed_out.push((id, t, i));
                    }
                    handed_out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect()
    }

    #[test]
    fn ids_are_handed_out_in_order_from_zero() {
        let registry = SharedRegistry::new();
        assert!(registry.is_empty(), "a new registry is empty");
        assert_eq!(
            registry.register("ada", 36),
            0,
            "the first employee gets id 0"
        );
        assert_eq!(
            registry.register("grace", 85),
            1,
            "the second employee gets id 1"
        );
        assert_eq!(registry.age_of(1), Some(85), "id 1 is grace, 85");
        assert_eq!(registry.name_of(0).as_deref(), Some("ada"), "id 0 is ada");
        assert_eq!(
            registry.badge_of(0).as_deref(),
            Some("#0 ada"),
            "ada's badge was printed with her id"
        );
        assert_eq!(registry.age_of(2), None, "no employee has id 2 yet");
    }

    #[test]
    fn clones_are_handles_to_the_same_registry() {
        let registry = SharedRegistry::new();
        let other_handle = registry.clone();
        let id = other_handle.register("linus", 28);
        assert_eq!(
            registry.age_of(id),
            Some(28),
            "a write through one handle is seen through the other"
        );
        assert_eq!(registry.len(), 1, "both handles see one employee");
    }

    #[test]
    fn eight_threads_registering_at_once_lose_no_employee() {
        let registry = SharedRegistry::new();
        register_from_many_threads(&registry);
        assert_eq!(
            registry.len(),
            THREADS * PER_THREAD,
            "every one of the {} registrations must be stored",
            THREADS * PER_THREAD
        );
    }

    #[test]
    fn eight_threads_registering_at_once_never_share_an_id() {
        let registry = SharedRegistry::new();
        let mut ids: Vec<u64> = register_from_many_threads(&registry)
            .into_iter()
            .map(|(id, _, _)| id)
            .collect();
        ids.sort_unstable();
        let total = ids.len();
        ids.dedup();
        assert_eq!(
            ids.len(),
            total,
            "{} ids were handed out more than once",
            total - ids.len()
        );
        assert_eq!(
            ids.last(),
            Some(&(total as u64 - 1)),
            "the ids should be exactly 0..{total}"
        );
    }

    #[test]
    fn every_id_leads_back_to_the_employee_it_was_given_to() {
        let registry = SharedRegistry::new();
        for (id, t, i) in register_from_many_threads(&registry) {
            let expected = format!("t{t}-e{i}");
            assert_eq!(
                registry.name_of(id).as_deref(),
                Some(expected.as_str()),
                "id {id} was returned to thread {t} for {expected}"
            );
            assert_eq!(
                registry.age_of(id),
                Some(age_for(t, i)),
                "the age of {expected}"
            );
            assert_eq!(
                registry.badge_of(id),
                Some(format!("#{id} {expected}")),
                "the badge of {expected}"
            );
        }
    }
}
