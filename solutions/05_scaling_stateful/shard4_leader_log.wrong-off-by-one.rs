// shard4_leader_log: keep replicas in sync through a leader
//
// Sharding gives each key one home; if that node dies, its keys are gone. So stateful
// systems keep copies (replicas) of the same data on several nodes. Now the copies must
// agree, and the simplest way is to let one node decide the order of all writes: the
// *leader*. It appends every write to its log, numbering the entries 1, 2, 3, ... and
// pushes each entry to its *followers*, which apply the entries in exactly that order.
// Two replicas that applied the same entries in the same order hold the same data.
//
//   write(k, v) --> leader log: [1 a=1] [2 b=7] [3 a=2]
//                      |  push entry 3
//                      +--> follower 0: [1] [2] [3]   in sync
//                      +--> follower 1: [1] [2] [3]   in sync
//                      x    follower 2: [1]           down since entry 2
//
// A follower that is down misses entries. It keeps what it had (it stored it on its
// disk), so when it restarts it only needs the entries after its last index: the
// leader sends entries 2 and 3, not the whole log again.
//
// Your task: finish `write` and `restart_follower` on `ReplicaSet`. The provided
// `Follower::deliver` accepts only the next entry in order and panics on anything else,
// so a leader that skips or repeats entries is caught at once.

use std::collections::BTreeMap;

// ----- provided: you do not need to change this -----

/// One write, as numbered by the leader. Indexes start at 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub index: u64,
    pub key: String,
    pub value: String,
}

/// A replica that applies the leader's entries, in order.
#[derive(Debug, Default)]
pub struct Follower {
    up: bool,
    last_index: u64,
    data: BTreeMap<String, String>,
    received: usize,
}

impl Follower {
    pub fn is_up(&self) -> bool {
        self.up
    }

    /// The index of the last entry this follower applied (0 if none).
    pub fn last_index(&self) -> u64 {
        self.last_index
    }

    /// Reads from this follower's own copy of the data.
    pub fn read(&self, key: &str) -> Option<&str> {
        self.data.get(key).map(String::as_str)
    }

    /// How many entries have ever been delivered to this follower.
    pub fn received(&self) -> usize {
        self.received
    }

    /// Sends one entry to this follower. A follower that is down is not listening:
    /// the entry is lost and this returns `false`. A follower that is up applies it and
    /// returns `true`, but only if it is the very next entry; anything else is a bug in
    /// the leader, and this panics to say so.
    pub fn deliver(&mut self, entry: &Entry) -> bool {
        if !self.up {
            return false;
        }
        assert!(
            entry.index == self.last_index + 1,
            "a follower whose last index is {} was sent entry {}: the leader must send \
             each entry once, in order, starting right after the follower's last index",
            self.last_index,
            entry.index
        );
        self.data.insert(entry.key.clone(), entry.value.clone());
        self.last_index = entry.index;
        self.received += 1;
        true
    }
}

pub struct ReplicaSet {
    /// The leader's log: entry `i` is at position `i - 1`.
    log: Vec<Entry>,
    followers: Vec<Follower>,
}

impl ReplicaSet {
    /// A leader with `followers` followers, all up, all empty.
    pub fn new(followers: usize) -> Self {
        ReplicaSet {
            log: Vec::new(),
            followers: (0..followers)
                .map(|_| Follower {
                    up: true,
                    ..Follower::default()
                })
                .collect(),
        }
    }

    pub fn follower(&self, i: usize) -> &Follower {
        &self.followers[i]
    }

    pub fn follower_count(&self) -> usize {
        self.followers.len()
    }

    /// The index of the leader's last entry (0 if none).
    pub fn last_index(&self) -> u64 {
        self.log.len() as u64
    }

    /// Follower `i` stops: it keeps its data and last index, but hears nothing.
    pub fn crash_follower(&mut self, i: usize) {
        self.followers[i].up = false;
    }

    /// Whether follower `i` is up and has every entry of the leader's log.
    pub fn in_sync(&self, i: usize) -> bool {
        let follower = &self.followers[i];
        follower.up && follower.last_index == self.last_index()
    }
}

// ----- your code -----

impl ReplicaSet {
    /// Appends the write to the leader's log as the next entry, pushes that entry to
    /// every follower, and returns its index. (Followers that are down miss it.)
    pub fn write(&mut self, key: &str, value: &str) -> u64 {
        let entry = Entry {
            index: self.last_index() + 1,
            key: key.to_string(),
            value: value.to_string(),
        };
        for follower in &mut self.followers {
            follower.deliver(&entry);
        }
        let index = entry.index;
        self.log.push(entry);
        index
    }

    /// Brings follower `i` back up and sends it every entry after its last index, and
    /// nothing else. Returns how many entries it sent.
    pub fn restart_follower(&mut self, i: usize) -> usize {
        let follower = &mut self.followers[i];
        follower.up = true;
        // It has everything up to its last index, so start with the entry after that one.
        let next = follower.last_index() as usize + 1;
        let missing = &self.log[next.min(self.log.len())..];
        for entry in missing {
            follower.deliver(entry);
        }
        missing.len()
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// Every in-sync follower must read what the leader acknowledged.
    fn assert_in_sync_followers_read(set: &ReplicaSet, expected: &[(&str, &str)]) {
        for i in 0..set.follower_count() {
            if set.in_sync(i) {
                for &(key, value) in expected {
                    assert_eq!(
                        set.follower(i).read(key),
                        Some(value),
                        "in-sync follower {i} must see the acknowledged {key} = {value}"
                    );
                }
            }
        }
    }

    #[test]
    fn writes_get_consecutive_indexes_from_one() {
        let mut set = ReplicaSet::new(2);
        assert_eq!(set.write("a", "1"), 1, "the first entry is number 1");
        assert_eq!(set.write("b", "2"), 2);
        assert_eq!(set.write("a", "3"), 3);
        assert_eq!(set.last_index(), 3, "the leader's log holds three entries");
    }

    #[test]
    fn every_follower_that_is_up_applies_each_write() {
        let mut set = ReplicaSet::new(3);
        set.write("alice", "30");
        set.write("bob", "41");
        for i in 0..3 {
            assert!(
                set.in_sync(i),
                "follower {i} was up for both writes, so it is in sync"
            );
            assert_eq!(set.follower(i).last_index(), 2);
        }
        assert_in_sync_followers_read(&set, &[("alice", "30"), ("bob", "41")]);
    }

    #[test]
    fn followers_apply_overwrites_in_the_leaders_order() {
        let mut set = ReplicaSet::new(2);
        set.write("x", "first");
        set.write("x", "second");
        set.write("x", "third");
        assert_in_sync_followers_read(&set, &[("x", "third")]);
    }

    #[test]
    fn a_follower_that_is_down_misses_writes() {
        let mut set = ReplicaSet::new(3);
        set.write("a", "1");
        set.crash_follower(2);
        set.write("b", "2");
        set.write("c", "3");
        assert!(!set.in_sync(2), "follower 2 was down for two writes");
        assert_eq!(
            set.follower(2).last_index(),
            1,
            "it kept entry 1 and nothing more"
        );
        assert_eq!(set.follower(2).read("b"), None);
        assert_in_sync_followers_read(&set, &[("a", "1"), ("b", "2"), ("c", "3")]);
    }

    #[test]
    fn a_restarted_follower_catches_up_from_its_last_index() {
        let mut set = ReplicaSet::new(3);
        for i in 0..3 {
            set.write(&format!("k{i}"), "old");
        }
        set.crash_follower(1);
        for i in 0..4 {
            set.write(&format!("k{i}"), "new");
        }
        let received_before = set.follower(1).received();
        let sent = set.restart_follower(1);
        assert_eq!(
            sent, 4,
            "follower 1 had entries 1..=3 and missed 4..=7: send exactly those"
        );
        assert_eq!(
            set.follower(1).received() - received_before,
            4,
            "the follower was sent 4 entries"
        );
        assert!(set.in_sync(1), "after catching up, follower 1 is in sync");
        assert_in_sync_followers_read(&set, &[("k0", "new"), ("k3", "new")]);
    }

    #[test]
    fn restarting_a_follower_that_missed_nothing_sends_nothing() {
        let mut set = ReplicaSet::new(2);
        set.write("a", "1");
        set.crash_follower(0);
        assert_eq!(
            set.restart_follower(0),
            0,
            "no write happened while it was down"
        );
        assert!(set.in_sync(0));
    }

    #[test]
    fn a_restarted_follower_keeps_receiving_new_writes() {
        let mut set = ReplicaSet::new(2);
        set.crash_follower(0);
        set.write("a", "1");
        set.restart_follower(0);
        set.write("b", "2");
        assert!(
            set.in_sync(0),
            "follower 0 caught up, then got entry 2 pushed"
        );
        assert_in_sync_followers_read(&set, &[("a", "1"), ("b", "2")]);
    }

    #[test]
    fn each_follower_receives_each_entry_exactly_once() {
        let mut set = ReplicaSet::new(3);
        let mut acknowledged = Vec::new();
        for round in 0..30 {
            let down = round % 3;
            if round % 5 == 0 {
                set.crash_follower(down);
            }
            let (key, value) = (format!("k{}", round % 7), format!("v{round}"));
            set.write(&key, &value);
            acknowledged.retain(|(k, _): &(String, String)| *k != key);
            acknowledged.push((key, value));
            if round % 5 == 3 {
                for i in 0..3 {
                    if !set.follower(i).is_up() {
                        set.restart_follower(i);
                    }
                }
            }
            let pairs: Vec<(&str, &str)> = acknowledged
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            assert_in_sync_followers_read(&set, &pairs);
        }
        for i in 0..3 {
            if !set.follower(i).is_up() {
                set.restart_follower(i);
            }
            assert!(
                set.in_sync(i),
                "every follower is in sync once all are back"
            );
            assert_eq!(
                set.follower(i).received(),
                30,
                "follower {i} got each of 30 entries once"
            );
        }
    }
}
