// shard6_quorum: reads and writes that must overlap (R + W > N)
//
// The leader of the last two exercises decides the order of every write. Some stores
// have no leader: a coordinator sends each write to all N replicas of a key and each
// read to several of them, and two numbers tune the store:
//
//   W: a write is acknowledged once W replicas have stored it.
//   R: a read waits for R replicas to answer and returns the newest version among them.
//
// If R + W > N, the R replicas that answer a read and the W replicas that stored the
// latest acknowledged write cannot be two separate groups: there are not enough
// replicas for that. At least one replica is in both, so every read sees that write.
// With R + W <= N the two groups can miss each other completely, and a read returns
// an older value, or nothing, although the write was acknowledged:
//
//   N = 5, W = 2, R = 2: 4 <= 5         N = 5, W = 3, R = 3: 6 > 5
//   write v2 stored on       3 4        write v2 stored on     2 3 4
//   read answered by   0 1              read answered by   0 1 2
//   no replica in both: reads v1        replica 2 is in both: reads v2
//
// The price of that guarantee is availability. With fewer than W replicas running, a
// write cannot be acknowledged and is refused; with fewer than R, a read is refused.
// The larger W and R, the stronger the guarantee and the fewer crashes the store rides
// out. W = N with R = 1 ("write to all, read from one") makes reads cheap but stops all
// writes when a single replica is down; W = R = a majority rides out a minority of
// crashes for both.
//
// Every write gets a version from `next_version`, higher than any before, and a
// replica keeps the highest version it was sent for each key. Versions tell a read
// which answer is the newest, however many replicas give an older one.
//
// The `write` and `read` below are naive: a write says yes however few replicas stored
// it, and a read believes the first replica that answers. Your task: make them
// quorum operations.
//
//  - `write` sends the write to every replica (one that is down misses it) and
//    acknowledges it with its version only if at least W replicas stored it. Otherwise it
//    returns `Unavailable { reached, needed }`: how many stored it, and W. Nothing
//    takes a refused write back from the replicas that stored it (its client was told
//    "no", and would retry), and it used up its version.
//  - `read` asks the replicas in order 0, 1, 2, ..., skipping those that are down
//    (`Answer::NoReply`), until R have answered, and no further. It returns the answer
//    with the highest version (`None` if none of them has the key), or `Unavailable`
//    with how many answered and R, when fewer than R are running.

use std::cell::Cell;
use std::collections::BTreeMap;

// ----- provided: you do not need to change this -----

/// A value and the version of the write that put it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versioned {
    pub version: u64,
    pub value: String,
}

/// A replica's answer when asked for a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The replica is down: no answer at all.
    NoReply,
    /// The replica is up and has never stored the key.
    NotFound,
    /// The replica is up and holds this version of the key.
    Found(Versioned),
}

#[derive(Debug, PartialEq, Eq)]
pub enum QuorumError {
    /// Only `reached` replicas stored the write or answered the read; `needed` were required.
    Unavailable { reached: usize, needed: usize },
}

/// One replica: its data, whether it is running, and how many reads it answered.
#[derive(Debug, Default)]
pub struct Replica {
    up: bool,
    data: BTreeMap<String, Versioned>,
    reads: Cell<usize>,
}

impl Replica {
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// Sends a write to this replica. A replica that is down misses it and this returns
    /// `false`. One that is up keeps the higher of the version it holds and this one, and
    /// returns `true`.
    pub fn store(&mut self, key: &str, versioned: &Versioned) -> bool {
        if !self.up {
            return false;
        }
        let held = self.data.get(key).map_or(0, |v| v.version);
        if versioned.version > held {
            self.data.insert(key.to_string(), versioned.clone());
        }
        true
    }

    /// Asks this replica for `key`. Each answer from a running replica counts as a read it served.
    pub fn ask(&self, key: &str) -> Answer {
        if !self.up {
            return Answer::NoReply;
        }
        self.reads.set(self.reads.get() + 1);
        match self.data.get(key) {
            Some(versioned) => Answer::Found(versioned.clone()),
            None => Answer::NotFound,
        }
    }

    /// How many reads this replica has answered.
    pub fn reads(&self) -> usize {
        self.reads.get()
    }

    /// What this replica holds for `key`, running or not. For the tests, to look inside:
    /// a read must `ask`.
    pub fn held(&self, key: &str) -> Option<&Versioned> {
        self.data.get(key)
    }
}

pub struct QuorumStore {
    replicas: Vec<Replica>,
    w: usize,
    r: usize,
    last_version: u64,
}

impl QuorumStore {
    /// `n` running, empty replicas; writes need `w` of them, reads `r`.
    pub fn new(n: usize, w: usize, r: usize) -> Self {
        assert!((1..=n).contains(&w), "W must be between 1 and N");
        assert!((1..=n).contains(&r), "R must be between 1 and N");
        QuorumStore {
            replicas: (0..n)
                .map(|_| Replica {
                    up: true,
                    ..Replica::default()
                })
                .collect(),
            w,
            r,
            last_version: 0,
        }
    }

    pub fn n(&self) -> usize {
        self.replicas.len()
    }

    pub fn w(&self) -> usize {
        self.w
    }

    pub fn r(&self) -> usize {
        self.r
    }

    pub fn replica(&self, i: usize) -> &Replica {
        &self.replicas[i]
    }

    /// Stops or restarts replica `i`. A stopped replica keeps its data (it is on its disk).
    pub fn set_up(&mut self, i: usize, up: bool) {
        self.replicas[i].up = up;
    }

    /// A fresh version for the next write: higher than every version handed out before.
    pub fn next_version(&mut self) -> u64 {
        self.last_version += 1;
        self.last_version
    }
}

// ----- your code -----

impl QuorumStore {
    /// Sends the write, with a fresh version, to every replica. Acknowledges it with its
    /// version if at least W replicas stored it; otherwise `Unavailable`.
    pub fn write(&mut self, key: &str, value: &str) -> Result<u64, QuorumError> {
        let versioned = Versioned {
            version: self.next_version(),
            value: value.to_string(),
        };
        let mut stored = 0;
        for replica in &mut self.replicas {
            if replica.store(key, &versioned) {
                stored += 1;
            }
        }
        if stored >= self.w {
            Ok(versioned.version)
        } else {
            Err(QuorumError::Unavailable {
                reached: stored,
                needed: self.w,
            })
        }
    }

    /// Asks running replicas in order until R have answered, and returns the newest
    /// version among their answers; `Unavailable` if fewer than R are running.
    pub fn read(&self, key: &str) -> Result<Option<Versioned>, QuorumError> {
        let mut answered = 0;
        let mut found: Vec<Versioned> = Vec::new();
        for replica in &self.replicas {
            if answered == self.r {
                break;
            }
            match replica.ask(key) {
                Answer::NoReply => {}
                Answer::NotFound => answered += 1,
                Answer::Found(versioned) => {
                    answered += 1;
                    found.push(versioned);
                }
            }
        }
        if answered < self.r {
            return Err(QuorumError::Unavailable {
                reached: answered,
                needed: self.r,
            });
        }
        // The first replica that had the key answered first: take its value.
        Ok(found.into_iter().next())
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// A small seeded random source (splitmix64), so every run is the same.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
    }

    fn version(store: &QuorumStore, key: &str) -> Option<u64> {
        store
            .read(key)
            .expect("enough replicas run to read")
            .map(|v| v.version)
    }

    fn reads_per_replica(store: &QuorumStore) -> Vec<usize> {
        (0..store.n()).map(|i| store.replica(i).reads()).collect()
    }

    #[test]
    fn a_write_is_acknowledged_once_w_replicas_store_it() {
        let mut store = QuorumStore::new(3, 2, 2);
        store.set_up(2, false);
        assert_eq!(
            store.write("cart", "book"),
            Ok(1),
            "replicas 0 and 1 store it: W = 2 reached, acknowledged with version 1"
        );
        assert!(store.replica(0).held("cart").is_some());
        assert!(store.replica(1).held("cart").is_some());
        assert_eq!(store.replica(2).held("cart"), None, "replica 2 was down");
    }

    #[test]
    fn a_write_is_sent_to_every_running_replica() {
        let mut store = QuorumStore::new(5, 2, 4);
        store.set_up(3, false);
        assert_eq!(store.write("cart", "book"), Ok(1));
        for i in [0, 1, 2, 4] {
            assert_eq!(
                store.replica(i).held("cart").map(|v| v.value.as_str()),
                Some("book"),
                "replica {i} runs, so it gets the write too, not only the first W = 2"
            );
        }
    }

    #[test]
    fn a_write_with_fewer_than_w_running_replicas_is_refused() {
        let mut store = QuorumStore::new(3, 2, 2);
        store.set_up(1, false);
        store.set_up(2, false);
        assert_eq!(
            store.write("cart", "book"),
            Err(QuorumError::Unavailable {
                reached: 1,
                needed: 2
            }),
            "only replica 0 runs: W = 2 cannot be reached, so the write is refused"
        );
        assert_eq!(
            store.replica(0).held("cart").map(|v| v.version),
            Some(1),
            "a refused write is not taken back: replica 0 stored it and keeps it"
        );
    }

    #[test]
    fn a_read_asks_running_replicas_in_order_until_r_have_answered() {
        let mut store = QuorumStore::new(5, 3, 3);
        assert_eq!(store.write("cart", "book"), Ok(1));
        store.set_up(1, false);
        let before = reads_per_replica(&store);
        assert_eq!(version(&store, "cart"), Some(1));
        let asked: Vec<usize> = reads_per_replica(&store)
            .iter()
            .zip(&before)
            .map(|(after, before)| after - before)
            .collect();
        assert_eq!(
            asked,
            [1, 0, 1, 1, 0],
            "R = 3 with replica 1 down: replicas 0, 2 and 3 answer, and nobody else is asked"
        );
    }

    #[test]
    fn a_read_returns_the_newest_version_not_the_most_common() {
        let mut store = QuorumStore::new(5, 3, 3);
        assert_eq!(store.write("cart", "book"), Ok(1), "on all five");
        store.set_up(0, false);
        store.set_up(1, false);
        assert_eq!(
            store.write("cart", "book, pen"),
            Ok(2),
            "on replicas 2, 3 and 4"
        );
        store.set_up(0, true);
        store.set_up(1, true);
        assert_eq!(
            store.read("cart"),
            Ok(Some(Versioned {
                version: 2,
                value: "book, pen".to_string()
            })),
            "replicas 0 and 1 answer version 1, replica 2 answers version 2: the newest wins"
        );
    }

    #[test]
    fn a_read_with_fewer_than_r_running_replicas_is_refused() {
        let mut store = QuorumStore::new(3, 2, 2);
        assert_eq!(store.write("cart", "book"), Ok(1));
        store.set_up(0, false);
        store.set_up(2, false);
        assert_eq!(
            store.read("cart"),
            Err(QuorumError::Unavailable {
                reached: 1,
                needed: 2
            }),
            "only replica 1 answers, R = 2: refuse rather than risk a stale answer"
        );
    }

    #[test]
    fn a_key_never_written_reads_as_none() {
        let store = QuorumStore::new(3, 2, 2);
        assert_eq!(store.read("nothing"), Ok(None));
    }

    #[test]
    fn with_r_plus_w_at_most_n_a_read_can_miss_an_acknowledged_write() {
        // N = 5, W = 2, R = 2: 2 + 2 <= 5.
        let mut store = QuorumStore::new(5, 2, 2);
        assert_eq!(store.write("cart", "book"), Ok(1), "on all five");
        for i in [0, 1, 2] {
            store.set_up(i, false);
        }
        assert_eq!(
            store.write("cart", "book, pen"),
            Ok(2),
            "replicas 3 and 4 store it: W = 2, acknowledged"
        );
        for i in [0, 1, 2] {
            store.set_up(i, true);
        }
        assert_eq!(
            version(&store, "cart"),
            Some(1),
            "every replica runs, but R = 2: replicas 0 and 1 answer, and neither stored \
             version 2. The read and write quorums do not overlap, so the acknowledged \
             write is missed"
        );
    }

    #[test]
    fn with_r_plus_w_above_n_the_same_story_reads_the_write() {
        // N = 5, W = 3, R = 3: 3 + 3 > 5.
        let mut store = QuorumStore::new(5, 3, 3);
        assert_eq!(store.write("cart", "book"), Ok(1), "on all five");
        for i in [0, 1, 2] {
            store.set_up(i, false);
        }
        assert_eq!(
            store.write("cart", "book, pen"),
            Err(QuorumError::Unavailable {
                reached: 2,
                needed: 3
            }),
            "with only 2 running, W = 3 refuses the write: consistency costs availability"
        );
        store.set_up(2, true);
        assert_eq!(
            store.write("cart", "book, pen, ink"),
            Ok(3),
            "replicas 2, 3 and 4 store it (version 2 went to the refused write)"
        );
        for i in [0, 1] {
            store.set_up(i, true);
        }
        assert_eq!(
            version(&store, "cart"),
            Some(3),
            "replicas 0, 1 and 2 answer; replica 2 is in both quorums and has version 3"
        );
    }

    #[test]
    fn with_r_plus_w_above_n_every_read_sees_the_latest_acknowledged_write() {
        let mut rng = Rng(6);
        let mut checked = 0;
        for n in 1..=5 {
            for w in 1..=n {
                for r in 1..=n {
                    if r + w <= n {
                        continue;
                    }
                    let mut store = QuorumStore::new(n, w, r);
                    let mut acked = 0; // the latest acknowledged version, 0 for none
                    for step in 0..60 {
                        for i in 0..n {
                            store.set_up(i, !rng.chance(30));
                        }
                        if rng.chance(50) {
                            if let Ok(version) = store.write("cart", &format!("step {step}")) {
                                acked = version;
                            }
                        } else if let Ok(read) = store.read("cart") {
                            let seen = read.map_or(0, |v| v.version);
                            assert!(
                                seen >= acked,
                                "N = {n}, W = {w}, R = {r}, step {step}: the read returned \
                                 version {seen} (0 for nothing), older than the acknowledged \
                                 version {acked}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 300, "only {checked} reads succeeded");
    }
}
