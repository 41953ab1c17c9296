// shard7_read_your_writes: a session that never reads the past
//
// Followers serve reads too: spreading reads over the copies is much of the point of
// keeping them. But a follower applies the leader's log some time after the leader
// does (replication lag), so it can answer with old data. To one client, that looks
// like a bug:
//
//   client: write cart = "book"  --> leader (applied up to 7): stored as entry 7, ok
//   client: read cart            --> follower 0 (applied up to 5): None. "My cart is empty?"
//
// Two guarantees, kept per client session, fix what each client sees without sending
// every read to the leader:
//
//  - Read-your-writes: once a client's write is acknowledged, its own reads reflect it.
//  - Monotonic reads: once a client has seen the data as of some log index, it never
//    sees an older state. Reading follower 1 (applied up to 9) and then follower 0
//    (applied up to 5) would move that client back in time: a value it just saw could
//    vanish again.
//
// Both come from one number the session keeps, a *token*: the highest log index this
// client knows of, from its own writes and from the replicas it has read. A replica
// that has applied the log up to the token holds everything the client has seen; one
// that has not may show it the past.
//
//   token = 7 (its write)    follower 0: applied 5  < 7  --> read from the leader instead
//                            follower 1: applied 8 >= 7  --> fine, read there
//
// Other clients' writes do not matter: a session needs only what *it* has seen, so a
// follower that is still behind the leader, but not behind the token, serves the read.
// And notice where the state lives: the replicas and the balancer stay as they are,
// and the token travels with the client.
//
// The `Session` below remembers nothing, so it reads whichever follower the balancer
// picked. Your task: give it a token.
//
//  - `write` sends the write to the leader (`cluster.write`) and raises the token to the
//    index of the new entry. It returns that index.
//  - `read` is given the follower the balancer picked. If that follower has applied the
//    log at least up to the token, it reads there; otherwise it reads from the leader,
//    which has applied everything. It asks exactly one replica, and then raises the
//    token to the `applied()` index of the replica that answered.
//  - `token` returns the token: 0 for a session that has not written or read anything.

use std::cell::Cell;
use std::collections::BTreeMap;

// ----- provided: you do not need to change this -----

/// One copy of the data, and how far into the leader's log it has got.
#[derive(Debug, Default)]
pub struct Replica {
    applied: u64,
    data: BTreeMap<String, String>,
    reads: Cell<usize>,
}

impl Replica {
    /// The index of the last log entry this replica has applied (0 if none).
    pub fn applied(&self) -> u64 {
        self.applied
    }

    /// Reads `key` from this replica's copy. Each call is a read this replica serves.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.reads.set(self.reads.get() + 1);
        self.data.get(key).map(String::as_str)
    }

    /// How many reads this replica has served.
    pub fn reads(&self) -> usize {
        self.reads.get()
    }

    fn apply(&mut self, index: u64, key: &str, value: &str) {
        assert_eq!(index, self.applied + 1, "entries are applied in order");
        self.data.insert(key.to_string(), value.to_string());
        self.applied = index;
    }
}

/// A leader and its followers. The leader applies each write at once; each follower
/// applies the leader's log when the tests say so (`replicate`), which is how they
/// play out replication lag.
pub struct Cluster {
    log: Vec<(String, String)>,
    leader: Replica,
    followers: Vec<Replica>,
}

impl Cluster {
    pub fn new(followers: usize) -> Self {
        Cluster {
            log: Vec::new(),
            leader: Replica::default(),
            followers: (0..followers).map(|_| Replica::default()).collect(),
        }
    }

    /// Appends a write to the leader's log and applies it on the leader. Returns the
    /// index of the new entry (1, 2, 3, ...). The followers apply it later.
    pub fn write(&mut self, key: &str, value: &str) -> u64 {
        self.log.push((key.to_string(), value.to_string()));
        let index = self.log.len() as u64;
        self.leader.apply(index, key, value);
        index
    }

    /// Replication: follower `i` applies the leader's log up to entry `upto` (or the
    /// end of the log). A follower never goes back.
    pub fn replicate(&mut self, i: usize, upto: u64) {
        let follower = &mut self.followers[i];
        let end = upto.min(self.log.len() as u64);
        while follower.applied < end {
            let (key, value) = &self.log[follower.applied as usize];
            follower.apply(follower.applied + 1, key, value);
        }
    }

    pub fn leader(&self) -> &Replica {
        &self.leader
    }

    pub fn follower(&self, i: usize) -> &Replica {
        &self.followers[i]
    }

    pub fn follower_count(&self) -> usize {
        self.followers.len()
    }
}

// ----- your code -----

/// One client's view of the cluster.
#[derive(Debug, Default)]
pub struct Session {
    /// The highest log index this session has written or read.
    token: u64,
}

impl Session {
    /// A session that has not written or read anything.
    pub fn new() -> Self {
        Session::default()
    }

    /// The highest log index this session has written or read (0 for a new session).
    pub fn token(&self) -> u64 {
        self.token
    }

    /// Writes through the leader and returns the new entry's index.
    pub fn write(&mut self, cluster: &mut Cluster, key: &str, value: &str) -> u64 {
        let index = cluster.write(key, value);
        self.token = self.token.max(index);
        index
    }

    /// Reads `key` from the follower the balancer picked if it has caught up with this
    /// session's token, else from the leader.
    pub fn read(&mut self, cluster: &Cluster, key: &str, follower: usize) -> Option<String> {
        let picked = cluster.follower(follower);
        // A follower behind the token could show this client the past.
        let replica = if picked.applied() >= self.token {
            picked
        } else {
            cluster.leader()
        };
        let value = replica.get(key).map(str::to_string);
        self.token = self.token.max(replica.applied());
        value
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Who served a read.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum By {
        Leader,
        Follower(usize),
    }

    fn reads(cluster: &Cluster) -> Vec<usize> {
        std::iter::once(cluster.leader().reads())
            .chain((0..cluster.follower_count()).map(|i| cluster.follower(i).reads()))
            .collect()
    }

    /// Reads through `session` and finds out which replica served it.
    fn read(
        session: &mut Session,
        cluster: &Cluster,
        key: &str,
        follower: usize,
    ) -> (Option<String>, By) {
        let before = reads(cluster);
        let value = session.read(cluster, key, follower);
        let asked: Vec<By> = reads(cluster)
            .iter()
            .zip(&before)
            .enumerate()
            .flat_map(|(i, (after, before))| {
                let who = if i == 0 {
                    By::Leader
                } else {
                    By::Follower(i - 1)
                };
                std::iter::repeat(who).take(after - before)
            })
            .collect();
        assert_eq!(
            asked.len(),
            1,
            "a read asks exactly one replica; reading {key:?} asked {asked:?}"
        );
        (value, asked[0])
    }

    fn some(value: &str) -> Option<String> {
        Some(value.to_string())
    }

    #[test]
    fn you_read_your_own_write_even_when_the_follower_lags() {
        let mut cluster = Cluster::new(2);
        let mut alice = Session::new();
        assert_eq!(
            alice.write(&mut cluster, "cart", "book"),
            1,
            "the first entry"
        );
        assert_eq!(
            cluster.follower(0).applied(),
            0,
            "follower 0 lags: it has not applied entry 1"
        );
        assert_eq!(
            read(&mut alice, &cluster, "cart", 0),
            (some("book"), By::Leader),
            "follower 0 is behind alice's write, so her read goes to the leader"
        );
    }

    #[test]
    fn a_follower_that_has_your_write_serves_the_read() {
        let mut cluster = Cluster::new(2);
        let mut alice = Session::new();
        alice.write(&mut cluster, "cart", "book");
        cluster.replicate(0, 1);
        assert_eq!(
            read(&mut alice, &cluster, "cart", 0),
            (some("book"), By::Follower(0)),
            "follower 0 has applied entry 1, alice's write: it can serve her read"
        );
    }

    #[test]
    fn a_follower_behind_the_leader_but_not_behind_your_token_serves_the_read() {
        let mut cluster = Cluster::new(2);
        let (mut alice, mut bob) = (Session::new(), Session::new());
        assert_eq!(alice.write(&mut cluster, "cart", "book"), 1);
        for i in 0..5 {
            bob.write(&mut cluster, &format!("bob-{i}"), "x");
        }
        cluster.replicate(0, 1);
        assert_eq!(
            read(&mut alice, &cluster, "cart", 0),
            (some("book"), By::Follower(0)),
            "follower 0 has applied 1 of the leader's 6 entries, but entry 1 is alice's \
             write, the newest she has seen: her token is 1, not 6"
        );
    }

    #[test]
    fn an_older_value_on_the_follower_is_not_good_enough() {
        let mut cluster = Cluster::new(2);
        let mut alice = Session::new();
        alice.write(&mut cluster, "cart", "book");
        cluster.replicate(0, 1);
        assert_eq!(alice.write(&mut cluster, "cart", "book, pen"), 2);
        assert_eq!(
            read(&mut alice, &cluster, "cart", 0),
            (some("book, pen"), By::Leader),
            "follower 0 has a cart, but the older one (entry 1); alice wrote entry 2"
        );
    }

    #[test]
    fn reads_never_go_back_in_time() {
        let mut cluster = Cluster::new(2);
        let (mut writer, mut carol) = (Session::new(), Session::new());
        writer.write(&mut cluster, "x", "1");
        writer.write(&mut cluster, "x", "2");
        cluster.replicate(1, 2);
        cluster.replicate(0, 1);
        assert_eq!(
            read(&mut carol, &cluster, "x", 1),
            (some("2"), By::Follower(1)),
            "carol has seen nothing yet: follower 1 will do"
        );
        assert_eq!(
            read(&mut carol, &cluster, "x", 0),
            (some("2"), By::Leader),
            "follower 0 is at entry 1 and would answer x = 1, older than the x = 2 carol \
             just read: that read must go to the leader"
        );
    }

    #[test]
    fn a_session_only_waits_for_what_it_has_seen() {
        let mut cluster = Cluster::new(2);
        let (mut alice, mut bob) = (Session::new(), Session::new());
        alice.write(&mut cluster, "cart", "book");
        assert_eq!(
            read(&mut bob, &cluster, "cart", 0),
            (None, By::Follower(0)),
            "bob has not written or read anything, so a lagging follower breaks no promise \
             made to him: he reads there, and does not see alice's write yet"
        );
    }

    #[test]
    fn the_token_is_the_highest_index_written_or_read() {
        let mut cluster = Cluster::new(2);
        let (mut alice, mut bob) = (Session::new(), Session::new());
        assert_eq!(alice.token(), 0, "a new session");
        for i in 0..3 {
            bob.write(&mut cluster, &format!("b{i}"), "x");
        }
        assert_eq!(
            alice.token(),
            0,
            "other sessions' writes do not move alice's token"
        );
        assert_eq!(alice.write(&mut cluster, "a", "1"), 4);
        assert_eq!(alice.token(), 4, "alice wrote entry 4");
        cluster.replicate(1, 4);
        read(&mut alice, &cluster, "a", 1);
        assert_eq!(alice.token(), 4, "follower 1 had applied up to 4");
        bob.write(&mut cluster, "b", "y");
        cluster.replicate(0, 5);
        assert_eq!(
            read(&mut alice, &cluster, "b", 0),
            (some("y"), By::Follower(0))
        );
        assert_eq!(
            alice.token(),
            5,
            "alice has now seen the data as of entry 5"
        );
        assert_eq!(
            read(&mut alice, &cluster, "b", 1),
            (some("y"), By::Leader),
            "follower 1 (at 4) is behind what alice has seen (5)"
        );
    }

    #[test]
    fn many_sessions_never_see_the_past_and_still_use_the_followers() {
        let mut rng = Rng(7);
        let followers = 3;
        let mut cluster = Cluster::new(followers);
        let mut sessions: Vec<Session> = (0..4).map(|_| Session::new()).collect();
        let mut tokens = [0u64; 4];
        // Per session and key: the newest index it wrote or read.
        let mut newest_seen: Vec<HashMap<String, u64>> = vec![HashMap::new(); 4];
        let mut index_of: HashMap<String, u64> = HashMap::new();
        let mut from_followers = 0;
        for step in 0..400 {
            let s = rng.below(4) as usize;
            let key = format!("key{}", rng.below(4));
            match rng.below(100) {
                0..=19 => {
                    let value = format!("s{s}-step{step}");
                    let index = sessions[s].write(&mut cluster, &key, &value);
                    assert_eq!(
                        index,
                        cluster.leader().applied(),
                        "step {step}: the new entry's index"
                    );
                    index_of.insert(value, index);
                    tokens[s] = tokens[s].max(index);
                    newest_seen[s].insert(key, index);
                }
                20..=49 => {
                    let f = rng.below(followers as u64) as usize;
                    let upto = cluster.follower(f).applied() + rng.below(8);
                    cluster.replicate(f, upto);
                }
                _ => {
                    let f = rng.below(followers as u64) as usize;
                    let fresh_enough = cluster.follower(f).applied() >= tokens[s];
                    let (value, by) = read(&mut sessions[s], &cluster, &key, f);
                    let expected = if fresh_enough {
                        By::Follower(f)
                    } else {
                        By::Leader
                    };
                    assert_eq!(
                        by,
                        expected,
                        "step {step}: session {s} (token {}) reading via follower {f} (applied {})",
                        tokens[s],
                        cluster.follower(f).applied()
                    );
                    if fresh_enough {
                        from_followers += 1;
                    }
                    let seen = value.map_or(0, |v| index_of[&v]);
                    let before = newest_seen[s].get(&key).copied().unwrap_or(0);
                    assert!(
                        seen >= before,
                        "step {step}: session {s} read {key} as of entry {seen}, but had \
                         already written or read entry {before} of it"
                    );
                    newest_seen[s].insert(key, seen);
                    tokens[s] = tokens[s].max(match by {
                        By::Leader => cluster.leader().applied(),
                        By::Follower(i) => cluster.follower(i).applied(),
                    });
                }
            }
            assert_eq!(
                sessions[s].token(),
                tokens[s],
                "step {step}: session {s}'s token"
            );
        }
        assert!(
            from_followers > 60,
            "only {from_followers} reads were served by followers"
        );
    }
}
