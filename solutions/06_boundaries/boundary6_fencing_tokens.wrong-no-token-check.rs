// boundary6_fencing_tokens: a lease is not enough, fence the writes
//
// In boundary5 a slow worker only wasted work: its late result was refused. Now the
// workers write straight into a shared store: whoever holds the lease on "the report"
// rewrites its parts, one part per tick. A lock service (stateful, like boundary5's
// coordinator) hands out that lease for `lease_ticks` ticks, to one worker at a time.
//
// The workers are careful: before each write a worker checks that its lease has not run
// out. It does not help. A worker can stop for a while at any moment (a long garbage
// collection, a virtual machine moved to another host, a page fault on a slow disk), and
// if that happens right after its check, the worker wakes up still believing it holds the
// lease. Meanwhile the lease expired and went to another worker, who has started writing.
//
//   lock service   A gets the lease (token 1) .. it runs out .. B gets it (token 2)
//   worker A       check, write part 0; check, [paused ...........................] write part 1
//   worker B                                   check, write part 0; check, write part 1
//   the store      takes all of them: A's late write replaces B's part 1
//
// A worker cannot protect the store from its own pauses: only the store can. So every
// lease carries a *fencing token*, a number that grows with every lease the lock service
// grants. A worker sends its token with each write, and the store remembers the newest
// token it has accepted: a write with an older token comes from someone whose lease is
// over, and is refused. A's late write carries 1 after the store has seen 2: refused.
//
// Your task:
//   - `LockService::acquire(worker, now)`: when nobody holds a live lease (one is live
//     while `now < expires_at`), grant a new lease to `worker`, expiring at
//     `now + lease_ticks`, with a token one more than the last token granted (the first
//     is 1). While a lease is live, answer `None` to everyone, its holder included.
//   - `FencedStore::write(token, key, value)`: accept the write when `token` is at least
//     the newest token the store has accepted so far, on any key (the lease guards the
//     whole store, not one key), and remember it; the same holder may write many times.
//     Refuse an older token with `Err(StaleToken { token, newest })` and change nothing.
//   - `FencedStore::read` and `newest_token` (0 before any write).

// ----- provided: you do not need to change this -----
use std::collections::BTreeMap;

pub type WorkerId = usize;

/// The right to write the report until `expires_at`, as granted by the lock service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub holder: WorkerId,
    pub token: u64,
    pub expires_at: u64,
}

/// Why the store refused a write: its token is older than one it has already accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleToken {
    pub token: u64,
    pub newest: u64,
}

/// The report has this many parts, stored under the keys "part-0", "part-1", ...
pub const PARTS: usize = 4;

/// What happened during a simulation, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Granted {
        tick: u64,
        worker: WorkerId,
        token: u64,
    },
    /// The worker stops, right after it checked its lease, until `until`.
    Paused {
        tick: u64,
        worker: WorkerId,
        until: u64,
    },
    Wrote {
        tick: u64,
        worker: WorkerId,
        token: u64,
        part: usize,
        accepted: bool,
    },
    /// The worker's own check found its lease over, and it stopped working.
    GaveUp { tick: u64, worker: WorkerId },
    /// The worker wrote every part of the report under one lease.
    Finished {
        tick: u64,
        worker: WorkerId,
        token: u64,
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

/// The value a worker writes into a part: who wrote it, under which token.
pub fn part_value(worker: WorkerId, token: u64) -> String {
    format!("by worker {worker} under token {token}")
}

/// Runs `workers` workers, one tick at a time, until `reports` reports were finished.
/// Each tick, every worker in turn: asks for the lease if it has none; or checks its
/// lease against the clock (and gives up if it is over), then, unless a pause strikes
/// (`pause_percent`), writes the next part of the report. A paused worker wakes after
/// more than a lease's length and makes the write it was about to make, without another
/// check: for the worker, no time has passed. A refused write ends the worker's job.
pub fn simulate(
    lock: &mut LockService,
    store: &mut FencedStore,
    workers: usize,
    lease_ticks: u64,
    pause_percent: u64,
    reports: usize,
    seed: u64,
) -> Vec<Event> {
    #[derive(Clone, Copy)]
    enum Worker {
        Idle,
        Working {
            lease: Lease,
            part: usize,
        },
        Paused {
            lease: Lease,
            part: usize,
            until: u64,
        },
    }
    let mut rng = Rng(seed);
    let mut pool = vec![Worker::Idle; workers];
    let mut history = Vec::new();
    let mut finished = 0;
    let mut tick = 0;
    while finished < reports {
        assert!(tick < 100_000, "no report was finished in 100,000 ticks");
        for worker in 0..workers {
            let write = match pool[worker] {
                Worker::Idle => {
                    if let Some(lease) = lock.acquire(worker, tick) {
                        assert_eq!(
                            lease.holder, worker,
                            "a lease names the worker it was granted to"
                        );
                        history.push(Event::Granted {
                            tick,
                            worker,
                            token: lease.token,
                        });
                        pool[worker] = Worker::Working { lease, part: 0 };
                    }
                    None
                }
                Worker::Working { lease, .. } if tick >= lease.expires_at => {
                    history.push(Event::GaveUp { tick, worker });
                    pool[worker] = Worker::Idle;
                    None
                }
                Worker::Working { lease, part } => {
                    if rng.below(100) < pause_percent {
                        let until = tick + lease_ticks + 1 + rng.below(3);
                        history.push(Event::Paused {
                            tick,
                            worker,
                            until,
                        });
                        pool[worker] = Worker::Paused { lease, part, until };
                        None
                    } else {
                        Some((lease, part))
                    }
                }
                Worker::Paused { lease, part, until } if tick >= until => Some((lease, part)),
                Worker::Paused { .. } => None,
            };
            if let Some((lease, part)) = write {
                let key = format!("part-{part}");
                let accepted = store
                    .write(lease.token, &key, &part_value(worker, lease.token))
                    .is_ok();
                history.push(Event::Wrote {
                    tick,
                    worker,
                    token: lease.token,
                    part,
                    accepted,
                });
                pool[worker] = if !accepted {
                    Worker::Idle
                } else if part + 1 == PARTS {
                    history.push(Event::Finished {
                        tick,
                        worker,
                        token: lease.token,
                    });
                    finished += 1;
                    if finished == reports {
                        return history;
                    }
                    Worker::Idle
                } else {
                    Worker::Working {
                        lease,
                        part: part + 1,
                    }
                };
            }
        }
        tick += 1;
    }
    history
}

// ----- your code -----

/// The stateful service that decides who may write the report, and for how long.
pub struct LockService {
    lease_ticks: u64,
    current: Option<Lease>,
    last_token: u64,
}

impl LockService {
    pub fn new(lease_ticks: u64) -> Self {
        LockService {
            lease_ticks,
            current: None,
            last_token: 0,
        }
    }

    /// A new lease with a larger token than any before, if no lease is live.
    pub fn acquire(&mut self, worker: WorkerId, now: u64) -> Option<Lease> {
        if let Some(lease) = self.current {
            if now < lease.expires_at {
                return None;
            }
        }
        // The counter only goes up, and it lives here, in the one lock service, so no
        // two leases ever share a token and a later lease always has a larger one.
        self.last_token += 1;
        let lease = Lease {
            holder: worker,
            token: self.last_token,
            expires_at: now + self.lease_ticks,
        };
        self.current = Some(lease);
        Some(lease)
    }
}

/// The store the report lives in. It checks every write's token itself.
#[derive(Debug, Default)]
pub struct FencedStore {
    parts: BTreeMap<String, String>,
    newest: u64,
}

impl FencedStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The workers check their own leases before they write, so the store can trust them.
    pub fn write(&mut self, token: u64, key: &str, value: &str) -> Result<(), StaleToken> {
        self.newest = self.newest.max(token);
        self.parts.insert(key.to_string(), value.to_string());
        Ok(())
    }

    pub fn read(&self, key: &str) -> Option<&str> {
        self.parts.get(key).map(String::as_str)
    }

    /// The newest token the store has accepted; 0 before the first write.
    pub fn newest_token(&self) -> u64 {
        self.newest
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// The accepted writes, in order, never go back to an older token.
    fn assert_tokens_never_go_back(history: &[Event]) {
        let mut newest = 0;
        for event in history {
            if let Event::Wrote {
                tick,
                worker,
                token,
                part,
                accepted: true,
            } = *event
            {
                assert!(
                    token >= newest,
                    "tick {tick}: worker {worker} wrote part {part} under token {token} after a write under token {newest} was accepted: an old lease clobbered a newer holder's work"
                );
                newest = token;
            }
        }
    }

    /// Every part of the report was written by the holder that finished last.
    fn assert_report_is_whole(history: &[Event], store: &FencedStore) {
        let (worker, token) = history
            .iter()
            .rev()
            .find_map(|event| match *event {
                Event::Finished { worker, token, .. } => Some((worker, token)),
                _ => None,
            })
            .expect("the simulation finished a report");
        for part in 0..PARTS {
            assert_eq!(
                store.read(&format!("part-{part}")),
                Some(part_value(worker, token).as_str()),
                "the report was finished by worker {worker} under token {token}, yet part {part} is someone else's"
            );
        }
    }

    #[test]
    fn every_lease_gets_a_larger_token() {
        let mut lock = LockService::new(10);
        assert_eq!(
            lock.acquire(0, 0),
            Some(Lease {
                holder: 0,
                token: 1,
                expires_at: 10
            }),
            "the first lease has token 1"
        );
        assert_eq!(
            lock.acquire(1, 10),
            Some(Lease {
                holder: 1,
                token: 2,
                expires_at: 20
            }),
            "the lease ran out at tick 10; the next one has token 2"
        );
        assert_eq!(
            lock.acquire(1, 35),
            Some(Lease {
                holder: 1,
                token: 3,
                expires_at: 45
            }),
            "even the same worker gets a new, larger token for a new lease"
        );
    }

    #[test]
    fn nobody_gets_the_lease_while_it_is_live() {
        let mut lock = LockService::new(10);
        assert!(lock.acquire(0, 5).is_some());
        assert_eq!(
            lock.acquire(1, 6),
            None,
            "worker 0's lease lives until tick 15"
        );
        assert_eq!(
            lock.acquire(0, 14),
            None,
            "not even its holder gets a second one"
        );
        assert_eq!(
            lock.acquire(2, 15).map(|lease| (lease.holder, lease.token)),
            Some((2, 2)),
            "at tick 15 the lease is over, and tokens refused in between were never used"
        );
    }

    #[test]
    fn the_holder_may_write_as_often_as_it_likes() {
        let mut store = FencedStore::new();
        assert_eq!(store.newest_token(), 0, "no write yet");
        assert_eq!(store.write(1, "part-0", "a"), Ok(()));
        assert_eq!(
            store.write(1, "part-1", "b"),
            Ok(()),
            "the same token again"
        );
        assert_eq!(
            store.write(1, "part-0", "c"),
            Ok(()),
            "and again, on a key it wrote before"
        );
        assert_eq!(store.read("part-0"), Some("c"));
        assert_eq!(store.read("part-1"), Some("b"));
        assert_eq!(store.read("part-2"), None);
        assert_eq!(store.newest_token(), 1);
        assert_eq!(
            store.write(2, "part-1", "d"),
            Ok(()),
            "a newer lease may write"
        );
        assert_eq!(store.newest_token(), 2);
    }

    #[test]
    fn a_paused_holder_cannot_clobber_the_new_holders_work() {
        let mut lock = LockService::new(10);
        let mut store = FencedStore::new();
        let a = lock.acquire(0, 0).unwrap();
        assert_eq!(store.write(a.token, "part-0", "A's part 0"), Ok(()));
        // Worker A checks its lease at tick 1 (fine: it lives until 10), and pauses.
        let b = lock.acquire(1, 10).expect("A's lease ran out at tick 10");
        assert_eq!(store.write(b.token, "part-0", "B's part 0"), Ok(()));
        assert_eq!(store.write(b.token, "part-1", "B's part 1"), Ok(()));
        // A wakes up at tick 15 and makes the write it was about to make.
        assert_eq!(
            store.write(a.token, "part-1", "A's part 1"),
            Err(StaleToken {
                token: 1,
                newest: 2
            }),
            "A's lease is over: the store has seen token 2, so token 1 must be refused"
        );
        assert_eq!(store.read("part-1"), Some("B's part 1"), "B's work stays");
        assert_eq!(store.newest_token(), 2, "a refused write changes nothing");
    }

    #[test]
    fn a_stale_holder_cannot_write_the_parts_the_new_holder_has_not_reached_yet() {
        let mut store = FencedStore::new();
        assert_eq!(store.write(1, "part-0", "A's part 0"), Ok(()));
        assert_eq!(store.write(2, "part-0", "B's part 0"), Ok(()));
        assert_eq!(
            store.write(1, "part-3", "A's part 3"),
            Err(StaleToken { token: 1, newest: 2 }),
            "the lease guards the whole report: after token 2 was accepted anywhere, token 1 may write nowhere"
        );
        assert_eq!(
            store.read("part-3"),
            None,
            "the refused write left nothing behind"
        );
    }

    #[test]
    fn without_pauses_every_report_is_written_by_one_holder() {
        let mut lock = LockService::new(8);
        let mut store = FencedStore::new();
        let history = simulate(&mut lock, &mut store, 3, 8, 0, 5, 1);
        assert_tokens_never_go_back(&history);
        assert_report_is_whole(&history, &store);
    }

    #[test]
    fn checking_the_lease_on_the_worker_is_not_enough_the_store_must_check_the_token() {
        let mut lock = LockService::new(6);
        let mut store = FencedStore::new();
        let history = simulate(&mut lock, &mut store, 4, 6, 15, 30, 7);
        assert_tokens_never_go_back(&history);
        assert_report_is_whole(&history, &store);
        let late_writes = history
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Wrote {
                        accepted: false,
                        ..
                    }
                )
            })
            .count();
        assert!(
            late_writes > 0,
            "this scenario has workers that wake up after their lease went to someone else; their writes must be refused"
        );
    }
}
