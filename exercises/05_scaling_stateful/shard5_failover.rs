// shard5_failover: a new leader that has every acknowledged write
//
// A leader keeps its replicas in sync, but it is one machine and it will crash. Then a
// follower must take over, and a client that was told "your write is saved" must still
// find it there. Two decisions make that true:
//
//  1. When to say "saved". Replying as soon as the leader has the entry is fast, but if
//     the leader crashes before any follower got it, the write dies with it. Instead,
//     acknowledge a write only once a *majority* of the cluster (the leader counts)
//     stores it. With 5 replicas that is 3, so the write survives any 2 crashes.
//  2. Whom to promote. Followers that were down for a while lag behind. Promote the
//     running replica with the highest log index: every log is a prefix of the old
//     leader's, so the longest one holds everything the others hold. And only fail
//     over when a majority is running: any majority shares at least one replica with
//     the majority that stored each acknowledged write, so nothing acknowledged is
//     out of sight.
//
//   leader 0: [1][2][3][4][5]  crashed            write 4 was acknowledged (0, 3, 4)
//   replica 1: [1]             was down           write 5 was not (only 0 has it)
//   replica 2: [1][2][3]       was down for 4
//   replica 3: [1][2][3][4]    <-- promote this one (or 4): highest index
//   replica 4: [1][2][3][4]
//
// The `write` and `failover` below are the fast and naive versions: `write` says yes
// at once, `failover` promotes whichever follower it finds first. Your task: fix both,
// so that the tests, which crash the leader after every possible number of messages,
// never lose an acknowledged write. Unacknowledged writes may survive or not.

// ----- provided: you do not need to change this -----

/// One write, as numbered by the leader. Indexes start at 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub index: u64,
    pub key: String,
    pub value: String,
}

/// What became of one message from the leader to a follower.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The follower now holds every entry of the leader's log.
    Stored,
    /// The follower is down and got nothing.
    Unreachable,
    /// The leader crashed before sending: nothing leaves it any more.
    LeaderCrashed,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The leader crashed in the middle of the write; the client never got an answer.
    LeaderCrashed,
    /// Fewer than a majority of replicas store the entry.
    NotEnoughCopies { copies: usize, needed: usize },
}

/// One node: its log, and whether it is running.
#[derive(Debug)]
pub struct Replica {
    up: bool,
    log: Vec<Entry>,
}

impl Replica {
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// The index of the last entry in this replica's log (0 if none).
    pub fn last_index(&self) -> u64 {
        self.log.len() as u64
    }

    pub fn log(&self) -> &[Entry] {
        &self.log
    }
}

pub struct Cluster {
    replicas: Vec<Replica>,
    leader: usize,
    /// Fault injection: how many more messages the leader sends before it crashes.
    sends_before_crash: Option<usize>,
}

impl Cluster {
    /// `size` running replicas with empty logs; replica 0 leads.
    pub fn new(size: usize) -> Self {
        assert!(size > 0, "a cluster needs at least one replica");
        Cluster {
            replicas: (0..size)
                .map(|_| Replica {
                    up: true,
                    log: Vec::new(),
                })
                .collect(),
            leader: 0,
            sends_before_crash: None,
        }
    }

    pub fn size(&self) -> usize {
        self.replicas.len()
    }

    /// How many replicas make a majority of the whole cluster, running or not.
    pub fn majority(&self) -> usize {
        self.replicas.len() / 2 + 1
    }

    pub fn leader(&self) -> usize {
        self.leader
    }

    /// Every replica except the leader.
    pub fn followers(&self) -> Vec<usize> {
        (0..self.size()).filter(|&i| i != self.leader).collect()
    }

    pub fn replica(&self, i: usize) -> &Replica {
        &self.replicas[i]
    }

    /// Stops or restarts follower `i`. A stopped replica keeps its log (it is on disk).
    pub fn set_up(&mut self, i: usize, up: bool) {
        assert_ne!(i, self.leader, "crash the leader with `crash_leader_after`");
        self.replicas[i].up = up;
    }

    /// Fault injection: the leader sends `sends` more messages, then crashes.
    pub fn crash_leader_after(&mut self, sends: usize) {
        self.sends_before_crash = Some(sends);
    }

    /// Reads `key` from the leader's log: the value of its last entry for that key.
    pub fn read(&self, key: &str) -> Option<&str> {
        self.replicas[self.leader]
            .log
            .iter()
            .rev()
            .find(|entry| entry.key == key)
            .map(|entry| entry.value.as_str())
    }

    /// Sends one message from the leader to `follower`, carrying every entry the
    /// follower lacks. (Entries the follower holds that the leader's log does not, left
    /// over from an older leader and never acknowledged, are dropped first.)
    pub fn replicate_to(&mut self, follower: usize) -> Delivery {
        assert_ne!(follower, self.leader, "the leader does not send to itself");
        if !self.replicas[self.leader].up {
            return Delivery::LeaderCrashed;
        }
        match self.sends_before_crash {
            Some(0) => {
                self.replicas[self.leader].up = false;
                self.sends_before_crash = None;
                return Delivery::LeaderCrashed;
            }
            Some(left) => self.sends_before_crash = Some(left - 1),
            None => {}
        }
        if !self.replicas[follower].up {
            return Delivery::Unreachable;
        }
        let leader_log = std::mem::take(&mut self.replicas[self.leader].log);
        let log = &mut self.replicas[follower].log;
        let agreed = log
            .iter()
            .zip(&leader_log)
            .take_while(|(a, b)| a == b)
            .count();
        log.truncate(agreed);
        log.extend_from_slice(&leader_log[agreed..]);
        self.replicas[self.leader].log = leader_log;
        Delivery::Stored
    }
}

// ----- your code -----

impl Cluster {
    /// Appends the write to the leader's log and replicates it to the followers.
    /// Acknowledges it, returning its index, only if a majority of the replicas (the
    /// leader included) store it. Otherwise the error says why: the leader crashed on
    /// the way (`LeaderCrashed`), or too few replicas were reachable (`NotEnoughCopies`).
    pub fn write(&mut self, key: &str, value: &str) -> Result<u64, WriteError> {
        let leader = self.leader;
        let index = self.replicas[leader].last_index() + 1;
        self.replicas[leader].log.push(Entry {
            index,
            key: key.to_string(),
            value: value.to_string(),
        });
        // The leader has it: say yes now, and copy it to the followers as well as we can.
        for follower in self.followers() {
            let _ = self.replicate_to(follower);
        }
        Ok(index)
    }

    /// Called once the leader has crashed: makes the most up-to-date running replica
    /// the leader and returns it. Returns `None`, changing nothing, when fewer than a
    /// majority of the replicas are running.
    pub fn failover(&mut self) -> Option<usize> {
        // Any running follower will do.
        let next = self
            .followers()
            .into_iter()
            .find(|&i| self.replicas[i].up)?;
        self.leader = next;
        Some(next)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// Which followers are down before each write of the scripted run below.
    const DOWN: [&[usize]; 14] = [
        &[],
        &[1],
        &[1],
        &[1, 2],
        &[2],
        &[],
        &[3, 4],
        &[3],
        &[1, 4],
        &[2, 3, 4],
        &[],
        &[1, 2, 3, 4],
        &[],
        &[1],
    ];

    struct Acknowledged {
        index: u64,
        key: String,
        value: String,
    }

    fn assert_survived(cluster: &Cluster, acked: &[Acknowledged], when: &str) {
        let leader = cluster.replica(cluster.leader());
        for write in acked {
            let entry = leader.log().get(write.index as usize - 1);
            assert!(
                entry.is_some_and(|e| e.key == write.key && e.value == write.value),
                "{when}: acknowledged write #{} ({} = {}) is missing from the leader's log",
                write.index,
                write.key,
                write.value
            );
            assert_eq!(
                cluster.read(&write.key),
                Some(write.value.as_str()),
                "{when}"
            );
        }
    }

    /// Runs the scripted writes on 5 replicas, the leader crashing after `crash_after`
    /// messages, and fails over when it does. Returns how many crashes happened.
    fn scripted_run(crash_after: usize) -> usize {
        let mut cluster = Cluster::new(5);
        cluster.crash_leader_after(crash_after);
        let mut dead = Vec::new();
        let mut acked = Vec::new();
        for (w, down) in DOWN.iter().enumerate() {
            for f in cluster.followers() {
                if !dead.contains(&f) {
                    cluster.set_up(f, !down.contains(&f));
                }
            }
            let (key, value) = (format!("order-{w}"), format!("paid {w}"));
            if let Ok(index) = cluster.write(&key, &value) {
                acked.push(Acknowledged { index, key, value });
            }
            let leader = cluster.leader();
            if !cluster.replica(leader).is_up() {
                // The leader crashed. Every other replica restarts from its disk; then fail over.
                dead.push(leader);
                for f in cluster.followers() {
                    if !dead.contains(&f) {
                        cluster.set_up(f, true);
                    }
                }
                let when = format!("leader crashed after {crash_after} messages, in write {w}");
                let new_leader = cluster.failover();
                assert!(
                    new_leader.is_some(),
                    "{when}: 4 of 5 replicas run, failover must succeed"
                );
                assert_survived(&cluster, &acked, &when);
                for f in cluster.followers() {
                    if !dead.contains(&f) {
                        assert!(
                            cluster.replica(f).last_index()
                                <= cluster.replica(cluster.leader()).last_index(),
                            "{when}: promoted replica {} is behind replica {f}",
                            cluster.leader()
                        );
                    }
                }
            }
        }
        assert_survived(
            &cluster,
            &acked,
            &format!("end of the run crashing after {crash_after} messages"),
        );
        dead.len()
    }

    #[test]
    fn a_write_is_acknowledged_once_a_majority_stores_it() {
        let mut cluster = Cluster::new(5);
        cluster.set_up(3, false);
        cluster.set_up(4, false);
        assert_eq!(
            cluster.write("order-1", "paid"),
            Ok(1),
            "leader + followers 1, 2 = 3 of 5"
        );
        for i in 0..3 {
            assert_eq!(
                cluster.replica(i).last_index(),
                1,
                "replica {i} stores the write"
            );
        }
    }

    #[test]
    fn a_write_without_a_majority_is_not_acknowledged() {
        let mut cluster = Cluster::new(5);
        for f in [2, 3, 4] {
            cluster.set_up(f, false);
        }
        assert_eq!(
            cluster.write("order-1", "paid"),
            Err(WriteError::NotEnoughCopies {
                copies: 2,
                needed: 3
            }),
            "only the leader and follower 1 store it: 2 of 5 is no majority"
        );
    }

    #[test]
    fn a_leader_that_crashes_mid_write_does_not_acknowledge_it() {
        let mut cluster = Cluster::new(5);
        cluster.crash_leader_after(1);
        assert_eq!(
            cluster.write("order-1", "paid"),
            Err(WriteError::LeaderCrashed),
            "the leader reached one follower, then crashed: 2 copies, and no answer"
        );
    }

    #[test]
    fn failover_promotes_the_most_up_to_date_replica() {
        let mut cluster = Cluster::new(5);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.set_up(1, false);
        assert_eq!(cluster.write("b", "2"), Ok(2));
        assert_eq!(cluster.write("c", "3"), Ok(3));
        cluster.set_up(2, false);
        assert_eq!(
            cluster.write("d", "4"),
            Ok(4),
            "leader + 3 + 4 is a majority"
        );
        cluster.crash_leader_after(0);
        assert_eq!(
            cluster.write("e", "5"),
            Err(WriteError::LeaderCrashed),
            "the leader crashed before anyone else stored e: no acknowledgement"
        );
        cluster.set_up(1, true);
        cluster.set_up(2, true);
        let promoted = cluster.failover().expect("4 of 5 replicas run");
        assert!(
            promoted == 3 || promoted == 4,
            "replicas 3 and 4 hold entries 1..=4; replica {promoted} holds only {}",
            cluster.replica(promoted).last_index()
        );
        assert_eq!(cluster.leader(), promoted);
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")] {
            assert_eq!(
                cluster.read(key),
                Some(value),
                "acknowledged {key} = {value} survives"
            );
        }
    }

    #[test]
    fn failover_waits_for_a_majority_of_replicas() {
        let mut cluster = Cluster::new(5);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.set_up(1, false);
        cluster.set_up(2, false);
        cluster.crash_leader_after(0);
        assert_eq!(
            cluster.write("b", "2"),
            Err(WriteError::LeaderCrashed),
            "the leader crashed before anyone else stored b: no acknowledgement"
        );
        assert_eq!(
            cluster.failover(),
            None,
            "only 2 of 5 replicas run: no majority"
        );
        assert_eq!(cluster.leader(), 0, "a refused failover changes nothing");
        cluster.set_up(1, true);
        assert!(
            cluster.failover().is_some(),
            "3 of 5 run: now it may fail over"
        );
        assert_eq!(cluster.read("a"), Some("1"));
    }

    #[test]
    fn the_new_leader_takes_writes_and_brings_followers_up_to_date() {
        let mut cluster = Cluster::new(3);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.crash_leader_after(0);
        assert_eq!(
            cluster.write("b", "2"),
            Err(WriteError::LeaderCrashed),
            "the leader crashed before anyone else stored b: no acknowledgement"
        );
        let leader = cluster.failover().expect("2 of 3 replicas run");
        assert_eq!(
            cluster.write("c", "3"),
            Ok(2),
            "the new leader numbers on from its own log"
        );
        for i in cluster.followers() {
            if cluster.replica(i).is_up() {
                assert_eq!(
                    cluster.replica(i).log(),
                    cluster.replica(leader).log(),
                    "replica {i}"
                );
            }
        }
    }

    #[test]
    fn no_acknowledged_write_is_lost_whatever_message_the_leader_crashes_at() {
        let mut crashes = 0;
        for crash_after in 0..=DOWN.len() * 4 {
            crashes += scripted_run(crash_after);
        }
        assert!(
            crashes > 20,
            "the leader should crash in most runs, crashed in {crashes}"
        );
    }
}
