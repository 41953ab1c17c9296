// shard1_route_by_key: send each key to the node that owns it
//
// In the last chapter every node was identical, so a balancer could send a request
// anywhere. Now the nodes hold data, and each node holds a *different* part of it:
// the keys are split (sharded) between them. A node that never stored "alice" cannot
// answer a question about "alice", however idle it is. So the question a router asks
// changes from "who is free?" to "who owns this key?".
//
//                 put/get "alice" --+             +--> node 0  { bob, erin }
//   client --> router: owner_of(key) +------------+--> node 1  { alice, dan }
//                                                 +--> node 2  { carol }
//
// The simplest rule: hash the key to a number and take it modulo the number of nodes,
// `stable_hash(key) % n`. Every router that knows `n` computes the same owner, so the
// router itself keeps no state; the state lives on the nodes.
//
// Your task: finish `owner_of`, `put` and `get` on `Cluster`. A `put` must store the
// value on the key's owner (and nowhere else), and a `get` must ask that same node,
// and no other: asking every node would find the key too, but would cost every node a
// request for every read, which is what splitting the data was meant to avoid.

use std::cell::Cell;
use std::collections::BTreeMap;

// ----- provided: you do not need to change this -----

/// A stable 64-bit hash: FNV-1a over the bytes, then a final mixing step so that
/// similar keys ("user-1", "user-2") land far apart. Placement must come out the same
/// on every machine and in every run, which is why we do not use std's `HashMap`
/// hasher: it is seeded at random in each process.
pub fn stable_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// One stateful node: a small key-value store that only knows what was put on it.
#[derive(Debug, Default)]
pub struct Node {
    data: BTreeMap<String, String>,
    /// How many `get`s this node has answered: each one is a request it had to serve.
    lookups: Cell<usize>,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.lookups.set(self.lookups.get() + 1);
        self.data.get(key).map(String::as_str)
    }

    /// How many `get`s this node has answered so far.
    pub fn lookups(&self) -> usize {
        self.lookups.get()
    }

    pub fn put(&mut self, key: &str, value: &str) {
        self.data.insert(key.to_string(), value.to_string());
    }

    /// How many keys this node holds.
    pub fn key_count(&self) -> usize {
        self.data.len()
    }
}

pub struct Cluster {
    nodes: Vec<Node>,
}

impl Cluster {
    /// A cluster of `n` empty nodes, numbered 0 to n - 1.
    pub fn new(n: usize) -> Self {
        assert!(n > 0, "a cluster needs at least one node");
        Cluster {
            nodes: (0..n).map(|_| Node::default()).collect(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Direct access to one node, bypassing the routing (the tests use it to look inside).
    pub fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }
}

// ----- your code -----

impl Cluster {
    /// The index of the node that owns `key`: `stable_hash(key)` modulo the number of nodes.
    pub fn owner_of(&self, key: &str) -> usize {
        // std's own hasher: no need for a hand-written one.
        use std::collections::hash_map::DefaultHasher;
        use std::hash::Hasher;
        let mut hasher = DefaultHasher::new();
        hasher.write(key.as_bytes());
        (hasher.finish() % self.nodes.len() as u64) as usize
    }

    /// Stores `value` under `key` on the key's owner, and only there.
    pub fn put(&mut self, key: &str, value: &str) {
        let owner = self.owner_of(key);
        self.nodes[owner].put(key, value);
    }

    /// Reads `key` from the node that owns it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.nodes[self.owner_of(key)].get(key)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// A small seeded random source (splitmix64), so every run picks the same "random" nodes.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn filled(nodes: usize, keys: usize) -> Cluster {
        let mut cluster = Cluster::new(nodes);
        for i in 0..keys {
            cluster.put(&format!("user-{i}"), &format!("profile of user {i}"));
        }
        cluster
    }

    #[test]
    fn owner_is_the_stable_hash_modulo_the_node_count() {
        let cluster = Cluster::new(5);
        for key in ["alice", "bob", "carol", "dan", "erin", "user-42", ""] {
            let expected = (stable_hash(key) % 5) as usize;
            assert_eq!(
                cluster.owner_of(key),
                expected,
                "owner of {key:?} in a 5-node cluster"
            );
        }
    }

    #[test]
    fn a_get_finds_the_value_its_put_stored() {
        let cluster = filled(5, 1_000);
        for i in 0..1_000 {
            let key = format!("user-{i}");
            assert_eq!(
                cluster.get(&key),
                Some(format!("profile of user {i}").as_str()),
                "get({key:?}) must reach the node the put went to"
            );
        }
        assert_eq!(cluster.get("nobody"), None, "a key never put is not found");
    }

    #[test]
    fn a_get_asks_only_the_owner() {
        let cluster = filled(5, 200);
        for i in 0..200 {
            let key = format!("user-{i}");
            let before: Vec<usize> = (0..5).map(|n| cluster.node(n).lookups()).collect();
            cluster.get(&key);
            let owner = cluster.owner_of(&key);
            for n in 0..5 {
                let asked = cluster.node(n).lookups() - before[n];
                assert_eq!(
                    asked,
                    usize::from(n == owner),
                    "get({key:?}) asked node {n} {asked} times: only its owner, node {owner}, \
                     should be asked, once (asking every node costs every node a request)"
                );
            }
        }
    }

    #[test]
    fn each_key_is_stored_on_its_owner_and_nowhere_else() {
        let cluster = filled(5, 1_000);
        let total: usize = (0..5).map(|n| cluster.node(n).key_count()).sum();
        assert_eq!(
            total, 1_000,
            "1000 keys put, so the nodes together hold exactly 1000"
        );
        for i in 0..1_000 {
            let key = format!("user-{i}");
            let owner = cluster.owner_of(&key);
            for n in 0..5 {
                assert_eq!(
                    cluster.node(n).get(&key).is_some(),
                    n == owner,
                    "{key:?} is owned by node {owner}; node {n} {} hold it",
                    if n == owner { "must" } else { "must not" }
                );
            }
        }
    }

    #[test]
    fn the_owner_depends_only_on_the_key_and_the_node_count() {
        // Two routers that never talked to each other agree: routing keeps no state.
        let empty = Cluster::new(7);
        let busy = filled(7, 500);
        for i in 0..500 {
            let key = format!("user-{i}");
            assert_eq!(
                empty.owner_of(&key),
                busy.owner_of(&key),
                "any router must pick the same owner for {key:?}"
            );
        }
    }

    #[test]
    fn keys_spread_over_every_node() {
        let cluster = filled(4, 4_000);
        for n in 0..4 {
            let held = cluster.node(n).key_count();
            assert!(
                (800..=1_200).contains(&held),
                "node {n} holds {held} of 4000 keys; with 4 nodes each should hold about 1000"
            );
        }
    }

    #[test]
    fn overwriting_a_key_replaces_the_value_on_its_owner() {
        let mut cluster = Cluster::new(3);
        cluster.put("alice", "age 30");
        cluster.put("alice", "age 31");
        assert_eq!(
            cluster.get("alice"),
            Some("age 31"),
            "the newest value wins"
        );
        let copies = (0..3)
            .filter(|&n| cluster.node(n).get("alice").is_some())
            .count();
        assert_eq!(
            copies, 1,
            "a key lives on one node, even after it is overwritten"
        );
    }

    #[test]
    fn asking_a_random_node_usually_misses() {
        // What the balancer of the last chapter would do: pick any node.
        let cluster = filled(5, 1_000);
        let mut rng = Rng(2024);
        let mut found_at_random = 0;
        let mut found_at_owner = 0;
        for i in 0..1_000 {
            let key = format!("user-{i}");
            if cluster.node(rng.below(5)).get(&key).is_some() {
                found_at_random += 1;
            }
            if cluster.get(&key).is_some() {
                found_at_owner += 1;
            }
        }
        assert_eq!(found_at_owner, 1_000, "asking the owner finds every key");
        assert!(
            found_at_random < 300,
            "a random node found {found_at_random} of 1000 keys (about 1 in 5 expected): \
             with state on the nodes, only the owner can answer"
        );
    }
}
