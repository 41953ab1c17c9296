// boundary5_work_leases: stateless workers, a stateful coordinator
//
// A batch of tasks (here: squaring numbers) is shared out among a pool of workers. The
// workers are stateless: a worker asks for a task, computes, and reports the result. It
// keeps nothing that matters, so workers can come and go, and crash, at any moment. All
// the state that matters (which tasks exist, which are being worked on, which results
// are in) lives in one stateful component: the coordinator.
//
// A crashed worker never reports back. The first coordinator below hands each task out
// once and then waits forever for the results of dead workers. It cannot tell a dead
// worker from a slow one, so it must not wait forever: it hands out *leases*. A task
// given out at time `now` is that worker's until `now + lease_ticks`; from then on the
// coordinator may give it to another worker. The first worker may only have been slow,
// though, and report late, so one task can get two results: keep the first and refuse
// the others. Then every task ends up in the results exactly once, whoever crashed.
//
// Time is a number passed in (`now`), never the wall clock, so every run is exact.
//
// Your task: fix `Coordinator` so that
//   - `assign(now)` gives out a task that is not done and not under a live lease (never
//     given out, or its lease expired: `now >= given_at + lease_ticks`), or `None` if no
//     task can be given out right now;
//   - `complete(task, output)` records the first result for a task and returns `true`;
//     a result for a task that is already done, or does not exist, is refused (`false`);
//   - `results()` lists every done task once, as `(task, output)` in task order;
//   - `is_finished()` says whether every task is done.

// ----- provided: you do not need to change this -----

/// A task handed to a worker: its id and its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub task: usize,
    pub input: u64,
}

/// What happened during a simulation, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Granted {
        tick: u64,
        worker: usize,
        task: usize,
    },
    Completed {
        tick: u64,
        worker: usize,
        task: usize,
        accepted: bool,
    },
    Crashed {
        tick: u64,
        worker: usize,
    },
}

/// splitmix64: a small, seeded, deterministic random source.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Runs `workers` simulated workers against the coordinator, one tick at a time, until
/// it is finished. Each tick, every worker in turn: asks for a task if it is idle; or, if
/// it is busy, may crash (`crash_percent`), losing its task, or reports its result once
/// the work is done. Work takes 1 to 3 ticks, and one task in ten is slow (it outlives
/// its lease). A crashed worker restarts empty a few ticks later.
pub fn simulate(
    coordinator: &mut Coordinator,
    workers: usize,
    lease_ticks: u64,
    crash_percent: u64,
    seed: u64,
) -> Vec<Event> {
    enum Worker {
        Idle,
        Busy { lease: Lease, done_at: u64 },
        Down { until: u64 },
    }
    let mut rng = Rng(seed);
    let mut pool: Vec<Worker> = (0..workers).map(|_| Worker::Idle).collect();
    let mut history = Vec::new();
    let mut tick = 0;
    while !coordinator.is_finished() {
        assert!(tick < 10_000, "the work never finished: some task was lost");
        for (worker, state) in pool.iter_mut().enumerate() {
            match *state {
                Worker::Down { until } if tick >= until => *state = Worker::Idle,
                Worker::Down { .. } => {}
                Worker::Idle => {
                    if let Some(lease) = coordinator.assign(tick) {
                        let slow = rng.below(10) == 0;
                        let work = if slow {
                            lease_ticks + 2
                        } else {
                            1 + rng.below(3)
                        };
                        history.push(Event::Granted {
                            tick,
                            worker,
                            task: lease.task,
                        });
                        *state = Worker::Busy {
                            lease,
                            done_at: tick + work,
                        };
                    }
                }
                Worker::Busy { .. } if rng.below(100) < crash_percent => {
                    history.push(Event::Crashed { tick, worker });
                    *state = Worker::Down {
                        until: tick + 1 + rng.below(5),
                    };
                }
                Worker::Busy { lease, done_at } if tick >= done_at => {
                    let accepted = coordinator.complete(lease.task, lease.input * lease.input);
                    history.push(Event::Completed {
                        tick,
                        worker,
                        task: lease.task,
                        accepted,
                    });
                    *state = Worker::Idle;
                }
                Worker::Busy { .. } => {}
            }
        }
        tick += 1;
    }
    history
}

// ----- your code -----

/// The stateful part: knows every task, who may be working on it, and every result.
pub struct Coordinator {
    inputs: Vec<u64>,
    lease_ticks: u64,
    next_unassigned: usize,
    results: Vec<(usize, u64)>,
}

impl Coordinator {
    pub fn new(inputs: Vec<u64>, lease_ticks: u64) -> Self {
        Coordinator {
            inputs,
            lease_ticks,
            next_unassigned: 0,
            results: Vec::new(),
        }
    }

    /// First version: every task is handed out once, and never again.
    pub fn assign(&mut self, now: u64) -> Option<Lease> {
        let task = self.next_unassigned;
        let input = *self.inputs.get(task)?;
        self.next_unassigned += 1;
        Some(Lease { task, input })
    }

    /// First version: believes every report.
    pub fn complete(&mut self, task: usize, output: u64) -> bool {
        self.results.push((task, output));
        true
    }

    pub fn results(&self) -> Vec<(usize, u64)> {
        let mut results = self.results.clone();
        results.sort();
        results
    }

    pub fn is_finished(&self) -> bool {
        self.results.len() == self.inputs.len()
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// Every task in the results once, with the right output.
    fn assert_each_task_done_once(coordinator: &Coordinator, inputs: &[u64]) {
        let expected: Vec<(usize, u64)> = inputs
            .iter()
            .enumerate()
            .map(|(task, x)| (task, x * x))
            .collect();
        assert_eq!(
            coordinator.results(),
            expected,
            "every task's result, exactly once, in task order"
        );
    }

    /// No task given out again while an earlier lease on it still lives, or after it is done.
    fn assert_leases_never_overlap(history: &[Event], lease_ticks: u64) {
        let mut last_grant: Vec<Option<u64>> = Vec::new();
        let mut done: Vec<bool> = Vec::new();
        for event in history {
            match *event {
                Event::Granted { tick, task, .. } => {
                    if last_grant.len() <= task {
                        last_grant.resize(task + 1, None);
                        done.resize(task + 1, false);
                    }
                    assert!(
                        !done[task],
                        "task {task} was given out at tick {tick} after it was done"
                    );
                    if let Some(earlier) = last_grant[task] {
                        assert!(
                            tick >= earlier + lease_ticks,
                            "task {task} was given out at tick {earlier} and again at {tick}, before its lease expired"
                        );
                    }
                    last_grant[task] = Some(tick);
                }
                Event::Completed {
                    task,
                    accepted: true,
                    ..
                } => done[task] = true,
                _ => {}
            }
        }
    }

    #[test]
    fn each_task_is_handed_out_once_while_its_lease_lives() {
        let mut coordinator = Coordinator::new(vec![3, 4, 5], 10);
        let mut given: Vec<usize> = (0..3)
            .map(|_| coordinator.assign(0).expect("three tasks to hand out").task)
            .collect();
        given.sort();
        assert_eq!(
            given,
            vec![0, 1, 2],
            "three assigns hand out the three different tasks"
        );
        assert_eq!(
            coordinator.assign(1),
            None,
            "every task is leased: nothing to hand out"
        );
        assert_eq!(coordinator.assign(9), None, "the leases run until tick 10");
    }

    #[test]
    fn a_lease_carries_the_tasks_input() {
        let mut coordinator = Coordinator::new(vec![7], 5);
        assert_eq!(coordinator.assign(0), Some(Lease { task: 0, input: 7 }));
    }

    #[test]
    fn a_task_whose_lease_expired_is_handed_out_again() {
        let mut coordinator = Coordinator::new(vec![7], 5);
        assert_eq!(coordinator.assign(0), Some(Lease { task: 0, input: 7 }));
        assert_eq!(
            coordinator.assign(4),
            None,
            "the lease given at 0 lives until tick 5"
        );
        assert_eq!(
            coordinator.assign(5),
            Some(Lease { task: 0, input: 7 }),
            "no result by tick 5: the worker may be dead, so the task goes to another worker"
        );
    }

    #[test]
    fn the_first_result_counts_and_later_ones_are_refused() {
        let mut coordinator = Coordinator::new(vec![7], 5);
        coordinator.assign(0).expect("a slow worker gets the task");
        coordinator
            .assign(5)
            .expect("its lease expired: another worker gets it");
        assert!(
            coordinator.complete(0, 49),
            "the slow worker reports first: accepted"
        );
        assert!(
            !coordinator.complete(0, 49),
            "the second report for a done task is refused"
        );
        assert_eq!(
            coordinator.results(),
            vec![(0, 49)],
            "the task is in the results once"
        );
        assert!(coordinator.is_finished());
    }

    #[test]
    fn a_done_task_is_never_handed_out_again() {
        let mut coordinator = Coordinator::new(vec![7, 8], 5);
        let first = coordinator.assign(0).unwrap();
        assert!(coordinator.complete(first.task, first.input * first.input));
        let second = coordinator.assign(1).unwrap();
        assert_ne!(
            second.task, first.task,
            "the done task is not handed out again"
        );
        assert_eq!(
            coordinator.assign(100),
            Some(second),
            "only the unfinished task comes back after its lease"
        );
    }

    #[test]
    fn a_result_for_a_task_that_does_not_exist_is_refused() {
        let mut coordinator = Coordinator::new(vec![7], 5);
        assert!(!coordinator.complete(3, 9), "there is no task 3");
        assert!(coordinator.results().is_empty());
        assert!(!coordinator.is_finished());
    }

    #[test]
    fn all_work_is_done_exactly_once_when_nobody_crashes() {
        let inputs: Vec<u64> = (1..=30).collect();
        let mut coordinator = Coordinator::new(inputs.clone(), 100);
        let history = simulate(&mut coordinator, 4, 100, 0, 1);
        assert_each_task_done_once(&coordinator, &inputs);
        assert_leases_never_overlap(&history, 100);
    }

    #[test]
    fn all_work_is_done_exactly_once_despite_crashing_and_slow_workers() {
        let inputs: Vec<u64> = (1..=40).collect();
        let mut coordinator = Coordinator::new(inputs.clone(), 4);
        let history = simulate(&mut coordinator, 5, 4, 20, 2024);
        let crashes = history
            .iter()
            .filter(|e| matches!(e, Event::Crashed { .. }))
            .count();
        assert!(crashes > 0, "this scenario is meant to crash some workers");
        assert_each_task_done_once(&coordinator, &inputs);
        assert_leases_never_overlap(&history, 4);
    }
}
