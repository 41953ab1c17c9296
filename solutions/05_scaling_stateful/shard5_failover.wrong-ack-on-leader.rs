// shard5_failover: a new leader that has every acknowledged write
//
// A leader keeps its replicas in sync, but it is one machine and it will crash. Then a
// follower must take over, and a client that was told "your write is saved" must still
// find it there. Three decisions make that true:
//
//  1. When to say "saved". Replying as soon as the leader has the entry is fast, but if
//     the leader crashes before any follower got it, the write is gone: its only copy
//     sits on a dead machine. So acknowledge a write only once a *majority* of the
//     cluster (the leader counts) stores it. With 5 replicas that is 3.
//  2. When to fail over: only while a majority of the replicas is running. Any two
//     majorities share a replica, so then some running replica holds each acknowledged
//     write. With fewer running, refuse: return `None` and change nothing.
//  3. Whom to promote. Logs differ: a follower that was down lags behind, and a replica
//     can hold entries that were never acknowledged, left over from an old leader. So
//     every entry carries the *term* of the leader that wrote it, and each failover
//     starts a new term, one higher than the last. Promote the running replica whose
//     log is the most up to date: the highest *last term* (the term of its last entry),
//     and among those, the highest last index.
//
// Why not simply the longest log? Because a longer log can be an older one. Entries
// are written term:index below.
//
//   term 1: leader 0 writes 1:5 1:6 1:7, but only replica 1 hears them: none is
//           acknowledged. Then 0 crashes, and replica 1 is down while 2 takes over.
//   term 2: leader 2 writes 2:5 2:6 on 2, 3 and 4: both acknowledged. Then 2 crashes.
//
//   replica 1:  1:1 .. 1:4  1:5  1:6  1:7    longest log, but its last term is 1
//   replica 3:  1:1 .. 1:4  2:5  2:6         last term 2: promote this one (or 4)
//   replica 4:  1:1 .. 1:4  2:5  2:6
//
// Promoting replica 1 would lose 2:5 and 2:6, which clients were told were saved.
// Once replica 3 leads, `replicate_to` makes replica 1's log a copy of its own:
// the three entries of term 1 that the leader does not have are dropped. They were
// never acknowledged, so no promise is broken.
//
// The `write` and `failover` below are the fast and naive versions: `write` says yes
// at once, `failover` promotes whichever running follower it finds first. Your task:
// fix both, so that no acknowledged write is ever lost, however often leaders crash and
// replicas come and go. Unacknowledged writes may survive or not: their client never
// heard "saved".

// ----- provided: you do not need to change this -----

/// One write, stamped by the leader that wrote it. Terms and indexes start at 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub term: u64,
    pub index: u64,
    pub key: String,
    pub value: String,
}

/// What became of one message from the leader to a follower.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The follower's log is now a copy of the leader's.
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

    /// The term of the last entry in this replica's log (0 if none).
    pub fn last_term(&self) -> u64 {
        self.log.last().map_or(0, |entry| entry.term)
    }

    pub fn log(&self) -> &[Entry] {
        &self.log
    }
}

pub struct Cluster {
    replicas: Vec<Replica>,
    leader: usize,
    /// The current leader's term. The first leader's is 1.
    term: u64,
    /// Fault injection: how many more messages the leader sends before it crashes.
    sends_before_crash: Option<usize>,
}

impl Cluster {
    /// `size` running replicas with empty logs; replica 0 leads, in term 1.
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
            term: 1,
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

    /// The current term: the one the leader stamps on the entries it writes.
    pub fn term(&self) -> u64 {
        self.term
    }

    /// Every replica except the leader.
    pub fn followers(&self) -> Vec<usize> {
        (0..self.size()).filter(|&i| i != self.leader).collect()
    }

    pub fn replica(&self, i: usize) -> &Replica {
        &self.replicas[i]
    }

    /// Stops or restarts replica `i`, which must not be the leader (a former leader may
    /// restart). A stopped replica keeps its log: it is on its disk.
    pub fn set_up(&mut self, i: usize, up: bool) {
        assert_ne!(i, self.leader, "crash the leader with `crash_leader`");
        self.replicas[i].up = up;
    }

    /// Fault injection: the leader crashes now.
    pub fn crash_leader(&mut self) {
        self.replicas[self.leader].up = false;
        self.sends_before_crash = None;
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

    /// Sends one message from the leader to `follower`, carrying the leader's log. The
    /// follower keeps the start of its log that matches the leader's, drops the rest
    /// (entries of an older term that the leader does not have: never acknowledged), and
    /// appends what it lacks. Afterwards its log is a copy of the leader's.
    pub fn replicate_to(&mut self, follower: usize) -> Delivery {
        assert_ne!(follower, self.leader, "the leader does not send to itself");
        if !self.replicas[self.leader].up {
            return Delivery::LeaderCrashed;
        }
        match self.sends_before_crash {
            Some(0) => {
                self.crash_leader();
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

use std::cmp::Reverse;

impl Cluster {
    /// Appends the write to the leader's log, stamped with the current term, and
    /// replicates it to every follower (one that is down misses it). Acknowledges it,
    /// returning its index, only if a majority of the replicas (the leader included)
    /// store it. Otherwise the error says why: the leader crashed on the way
    /// (`LeaderCrashed`), or too few replicas were reachable (`NotEnoughCopies`).
    pub fn write(&mut self, key: &str, value: &str) -> Result<u64, WriteError> {
        let leader = self.leader;
        let index = self.replicas[leader].last_index() + 1;
        self.replicas[leader].log.push(Entry {
            term: self.term,
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

    /// Called once the leader has crashed. If a majority of the replicas is running,
    /// starts the next term with the most up-to-date running replica (highest last
    /// term, then highest last index) as its leader, and returns that replica.
    /// Otherwise returns `None` and changes nothing: not the leader, not the term.
    pub fn failover(&mut self) -> Option<usize> {
        let running: Vec<usize> = (0..self.size()).filter(|&i| self.replicas[i].up).collect();
        if running.len() < self.majority() {
            return None;
        }
        // A later last term beats a longer log; ties go to the lowest number.
        let next = running.into_iter().max_by_key(|&i| {
            let replica = &self.replicas[i];
            (replica.last_term(), replica.last_index(), Reverse(i))
        })?;
        self.term += 1;
        self.leader = next;
        Some(next)
    }
}
// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    struct Acknowledged {
        index: u64,
        key: String,
        value: String,
    }

    /// Every acknowledged write is in the leader's log, at its index, and reads back.
    fn assert_survived(cluster: &Cluster, acked: &[Acknowledged], when: &str) {
        let leader = cluster.replica(cluster.leader());
        for write in acked {
            let entry = leader.log().get(write.index as usize - 1);
            assert!(
                entry.is_some_and(|e| e.key == write.key && e.value == write.value),
                "{when}: acknowledged write #{} ({} = {}) is missing from the log of the \
                 leader, replica {}",
                write.index,
                write.key,
                write.value,
                cluster.leader()
            );
            assert_eq!(
                cluster.read(&write.key),
                Some(write.value.as_str()),
                "{when}: read of the acknowledged {}",
                write.key
            );
        }
    }

    /// No running replica is more up to date than the leader.
    fn assert_leader_most_up_to_date(cluster: &Cluster, when: &str) {
        let leader = cluster.replica(cluster.leader());
        for i in cluster.followers() {
            let other = cluster.replica(i);
            if other.is_up() {
                assert!(
                    (other.last_term(), other.last_index())
                        <= (leader.last_term(), leader.last_index()),
                    "{when}: running replica {i} (last term {}, last index {}) is more up to \
                     date than the promoted replica {} (last term {}, last index {})",
                    other.last_term(),
                    other.last_index(),
                    cluster.leader(),
                    leader.last_term(),
                    leader.last_index()
                );
            }
        }
    }

    fn running(cluster: &Cluster) -> usize {
        (0..cluster.size())
            .filter(|&i| cluster.replica(i).is_up())
            .count()
    }

    /// The leader has crashed: fail over, restarting one stopped replica at a time for
    /// as long as failover refuses.
    fn fail_over(cluster: &mut Cluster, when: &str) {
        let crashed = cluster.leader();
        let term = cluster.term();
        loop {
            let up = running(cluster);
            match cluster.failover() {
                Some(leader) => {
                    assert!(
                        up >= cluster.majority(),
                        "{when}: failed over with only {up} of {} replicas running",
                        cluster.size()
                    );
                    assert_eq!(
                        cluster.leader(),
                        leader,
                        "{when}: failover returns the leader"
                    );
                    assert_eq!(
                        cluster.term(),
                        term + 1,
                        "{when}: a failover starts the next term"
                    );
                    assert_leader_most_up_to_date(cluster, when);
                    return;
                }
                None => {
                    assert!(
                        up < cluster.majority(),
                        "{when}: {up} of {} replicas run, a majority: failover must succeed",
                        cluster.size()
                    );
                    assert_eq!(
                        cluster.leader(),
                        crashed,
                        "{when}: a refused failover changes nothing"
                    );
                    assert_eq!(
                        cluster.term(),
                        term,
                        "{when}: a refused failover starts no term"
                    );
                    let stopped = (0..cluster.size())
                        .find(|&i| i != crashed && !cluster.replica(i).is_up())
                        .expect("fewer than a majority run, so some replica is stopped");
                    cluster.set_up(stopped, true);
                }
            }
        }
    }

    /// Which replicas are stopped before each write of the scripted runs below. Every
    /// other replica is running, former leaders too: they restart from their disk. (The
    /// leader itself is never stopped this way; it crashes when the run says so.)
    const DOWN: [&[usize]; 16] = [
        &[],
        &[2, 3, 4],
        &[2, 3, 4],
        &[1],
        &[0, 1],
        &[],
        &[3, 4],
        &[3],
        &[0, 4],
        &[2, 3, 4],
        &[0],
        &[1, 2, 3, 4],
        &[],
        &[1],
        &[0, 2],
        &[],
    ];

    /// Runs the scripted writes on 5 replicas. The leader crashes after `crash_points[0]`
    /// messages; after each failover, the new leader crashes after the next number of
    /// messages. Returns how many leaders crashed.
    fn scripted_run(crash_points: &[usize]) -> usize {
        let mut cluster = Cluster::new(5);
        let mut points = crash_points.iter();
        if let Some(&sends) = points.next() {
            cluster.crash_leader_after(sends);
        }
        let mut acked = Vec::new();
        let mut crashes = 0;
        for (w, down) in DOWN.iter().enumerate() {
            for i in cluster.followers() {
                cluster.set_up(i, !down.contains(&i));
            }
            let (key, value) = (format!("order-{w}"), format!("paid {w}"));
            if let Ok(index) = cluster.write(&key, &value) {
                acked.push(Acknowledged { index, key, value });
            }
            let when = format!("leaders crashing after {crash_points:?} messages, write {w}");
            if !cluster.replica(cluster.leader()).is_up() {
                crashes += 1;
                fail_over(&mut cluster, &when);
                if let Some(&sends) = points.next() {
                    cluster.crash_leader_after(sends);
                }
            }
            assert_survived(&cluster, &acked, &when);
        }
        crashes
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
    fn failover_waits_for_a_majority_of_replicas() {
        let mut cluster = Cluster::new(5);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.set_up(1, false);
        cluster.set_up(2, false);
        cluster.crash_leader();
        assert_eq!(
            cluster.failover(),
            None,
            "only replicas 3 and 4 run, 2 of 5: no majority"
        );
        assert_eq!(cluster.leader(), 0, "a refused failover changes nothing");
        assert_eq!(cluster.term(), 1, "a refused failover starts no term");
        cluster.set_up(1, true);
        assert!(
            cluster.failover().is_some(),
            "3 of 5 run: now it may fail over"
        );
        assert_eq!(cluster.term(), 2, "the new leader leads term 2");
        assert_eq!(cluster.read("a"), Some("1"));
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
        cluster.crash_leader();
        cluster.set_up(1, true);
        cluster.set_up(2, true);
        let promoted = cluster.failover().expect("4 of 5 replicas run");
        assert!(
            promoted == 3 || promoted == 4,
            "every entry is from term 1, so the longest log is the most up to date: \
             replicas 3 and 4 hold entries 1..=4; replica {promoted} holds only {}",
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
    fn each_failover_starts_a_new_term_that_stamps_new_entries() {
        let mut cluster = Cluster::new(3);
        assert_eq!(cluster.term(), 1, "the first leader leads term 1");
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.crash_leader();
        let second = cluster.failover().expect("2 of 3 replicas run");
        assert_eq!(cluster.term(), 2, "the first failover starts term 2");
        assert_eq!(cluster.write("b", "2"), Ok(2));
        cluster.set_up(0, true); // the first leader restarts from its disk, as a follower
        cluster.crash_leader();
        let third = cluster.failover().expect("2 of 3 replicas run");
        assert_ne!(third, second, "replica {second} has crashed");
        assert_eq!(cluster.term(), 3, "the second failover starts term 3");
        assert_eq!(cluster.write("c", "3"), Ok(3));
        let terms: Vec<u64> = cluster
            .replica(third)
            .log()
            .iter()
            .map(|e| e.term)
            .collect();
        assert_eq!(
            terms,
            [1, 2, 3],
            "each entry carries the term of the leader that wrote it"
        );
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3")] {
            assert_eq!(cluster.read(key), Some(value));
        }
    }

    #[test]
    fn a_higher_last_term_beats_a_longer_log() {
        let mut cluster = Cluster::new(5);
        for (i, key) in ["a", "b", "c", "d"].into_iter().enumerate() {
            assert_eq!(cluster.write(key, "term 1"), Ok(i as u64 + 1));
        }
        // Term 1: only replica 1 hears the next three writes.
        for f in [2, 3, 4] {
            cluster.set_up(f, false);
        }
        for key in ["x", "y", "z"] {
            assert_eq!(
                cluster.write(key, "never acknowledged"),
                Err(WriteError::NotEnoughCopies {
                    copies: 2,
                    needed: 3
                }),
                "only replicas 0 and 1 store {key}"
            );
        }
        // The leader crashes, and replica 1 is down during the failover.
        cluster.crash_leader();
        cluster.set_up(1, false);
        for f in [2, 3, 4] {
            cluster.set_up(f, true);
        }
        let second = cluster
            .failover()
            .expect("replicas 2, 3 and 4 run: a majority");
        assert!(
            [2, 3, 4].contains(&second),
            "only 2, 3 and 4 run; replica {second} was promoted"
        );
        assert_eq!(cluster.term(), 2);
        // Term 2: two writes, acknowledged by a majority, then this leader crashes too.
        assert_eq!(cluster.write("e", "term 2"), Ok(5), "stored on 2, 3 and 4");
        assert_eq!(cluster.write("f", "term 2"), Ok(6), "stored on 2, 3 and 4");
        cluster.crash_leader();
        cluster.set_up(1, true);
        assert_eq!(
            cluster.replica(1).last_index(),
            7,
            "replica 1 has the longest log"
        );
        let third = cluster
            .failover()
            .expect("replica 1 and two others run: a majority");
        assert_ne!(
            third, 1,
            "replica 1 has the longest log (7 entries) but its last entry is from term 1; \
             the others hold entries 5 and 6 of term 2, which were acknowledged"
        );
        assert_eq!(cluster.term(), 3);
        for key in ["a", "b", "c", "d"] {
            assert_eq!(
                cluster.read(key),
                Some("term 1"),
                "acknowledged {key} survives"
            );
        }
        for key in ["e", "f"] {
            assert_eq!(
                cluster.read(key),
                Some("term 2"),
                "acknowledged {key} survives"
            );
        }
        // Replica 1 catches up from the new leader and loses its term-1 leftovers.
        assert_eq!(cluster.write("g", "term 3"), Ok(7));
        assert_eq!(
            cluster.replica(1).log(),
            cluster.replica(third).log(),
            "once caught up, replica 1 holds exactly the leader's log"
        );
        assert_eq!(
            cluster.read("x"),
            None,
            "x was never acknowledged and is gone"
        );
    }

    #[test]
    fn a_returning_leader_drops_the_entries_it_never_got_acknowledged() {
        let mut cluster = Cluster::new(3);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.set_up(1, false);
        cluster.set_up(2, false);
        assert_eq!(
            cluster.write("x", "lost"),
            Err(WriteError::NotEnoughCopies {
                copies: 1,
                needed: 2
            }),
            "only the leader stores x"
        );
        cluster.crash_leader();
        cluster.set_up(1, true);
        cluster.set_up(2, true);
        let leader = cluster.failover().expect("2 of 3 run");
        assert_eq!(
            cluster.write("b", "2"),
            Ok(2),
            "the new leader's entry 2 is b, in term 2"
        );
        cluster.set_up(0, true); // the old leader restarts from its disk, still holding x
        assert_eq!(cluster.replica(0).log()[1].key, "x");
        assert_eq!(cluster.write("c", "3"), Ok(3));
        assert_eq!(
            cluster.replica(0).log(),
            cluster.replica(leader).log(),
            "the old leader's log is now a copy of the new leader's: x is gone, b took its place"
        );
        assert_eq!(cluster.read("x"), None);
        assert_eq!(cluster.read("b"), Some("2"));
    }

    #[test]
    fn a_replica_that_missed_a_failover_is_not_promoted_in_the_next() {
        let mut cluster = Cluster::new(5);
        assert_eq!(cluster.write("a", "1"), Ok(1));
        cluster.set_up(4, false);
        cluster.crash_leader();
        let second = cluster.failover().expect("replicas 1, 2 and 3 run");
        assert_eq!(
            cluster.write("b", "2"),
            Ok(2),
            "stored on replicas 1, 2 and 3"
        );
        cluster.crash_leader();
        assert_eq!(
            cluster.failover(),
            None,
            "replicas 0 and {second} are down, 4 too: 2 of 5 run"
        );
        cluster.set_up(4, true);
        let third = cluster.failover().expect("3 of 5 run");
        assert_ne!(
            third, 4,
            "replica 4 was down for the last term and lacks the acknowledged b"
        );
        assert_eq!(cluster.term(), 3);
        assert_eq!(
            cluster.write("c", "3"),
            Ok(3),
            "stored on the leader, replica 4 and one more"
        );
        assert_eq!(
            cluster.replica(4).log(),
            cluster.replica(third).log(),
            "replica 4 caught up"
        );
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3")] {
            assert_eq!(cluster.read(key), Some(value));
        }
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
    fn no_acknowledged_write_is_lost_however_often_leaders_crash() {
        let mut crashes = 0;
        for first in 0..=40 {
            for second in 0..=8 {
                crashes += scripted_run(&[first, second, (first + second) % 13]);
            }
        }
        assert!(
            crashes > 800,
            "leaders should crash often in these runs, crashed {crashes} times"
        );
    }
}
