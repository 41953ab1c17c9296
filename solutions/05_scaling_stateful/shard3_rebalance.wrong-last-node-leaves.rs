// shard3_rebalance: move the data when a node joins or leaves
//
// A stateless node can join a cluster empty and start serving at once, and it can
// leave without a word: nothing lived on it. A stateful node cannot. The moment a
// node joins, the router starts sending it the keys it now owns, but those keys still
// sit on their old owners, so every read of them misses. And when a node leaves, the
// keys it held vanish with it unless it hands them over first.
//
//   join 4:   node 1 { a, b, c }  --- b --->  node 4 { b }   (4 now owns b)
//   leave 2:  node 2 { d, e }     --- d --->  node 1          (d's new owner)
//                                 --- e --->  node 3          (e's new owner)
//
// Placement is provided: `owner_of` uses rendezvous hashing. Every member gives the
// key a score and the highest score wins. Like the ring of the previous exercise, a
// newcomer only wins the keys it scores highest on, and when a node leaves, each of
// its keys goes to the member that came second for that key. Nothing else moves.
//
// `join` and `leave` below change the membership the way you would for stateless
// nodes: the data stays where it was. Your task: make them move exactly the keys
// whose owner changed, so that afterwards every key can be read, and every key is
// stored once, on its owner.

use std::collections::BTreeMap;

// ----- provided: you do not need to change this -----

pub type NodeId = u32;

/// A stable 64-bit hash: FNV-1a over the bytes, then a final mixing step so that
/// similar strings land far apart. The same on every machine and in every run.
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

/// The owner of `key` among `members`: the member with the highest score for it
/// (rendezvous hashing). `None` when there are no members.
pub fn owner_of(key: &str, members: impl IntoIterator<Item = NodeId>) -> Option<NodeId> {
    members
        .into_iter()
        .max_by_key(|&node| (stable_hash(&format!("{node}/{key}")), node))
}

pub struct Cluster {
    /// Each member and the keys it stores.
    nodes: BTreeMap<NodeId, BTreeMap<String, String>>,
}

impl Cluster {
    /// A cluster of empty members.
    pub fn new(members: &[NodeId]) -> Self {
        assert!(!members.is_empty(), "a cluster needs at least one node");
        Cluster {
            nodes: members
                .iter()
                .map(|&node| (node, BTreeMap::new()))
                .collect(),
        }
    }

    /// The members, in increasing order.
    pub fn members(&self) -> Vec<NodeId> {
        self.nodes.keys().copied().collect()
    }

    /// The member that owns `key` right now.
    pub fn owner(&self, key: &str) -> Option<NodeId> {
        owner_of(key, self.nodes.keys().copied())
    }

    /// Stores the pair on the key's owner.
    pub fn put(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        let owner = self.owner(&key).expect("a cluster always has a member");
        self.nodes
            .get_mut(&owner)
            .expect("the owner is a member")
            .insert(key, value.into());
    }

    /// Reads `key` from its owner, the only node a router asks.
    pub fn get(&self, key: &str) -> Option<&str> {
        let owner = self.owner(key)?;
        self.nodes[&owner].get(key).map(String::as_str)
    }

    /// The keys stored on `node` (none if it is not a member), in order.
    pub fn keys_on(&self, node: NodeId) -> Vec<&str> {
        self.nodes
            .get(&node)
            .map(|data| data.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

// ----- your code -----

impl Cluster {
    /// Adds `node` and moves to it every key it now owns, taken from the member that
    /// held it. Returns how many keys moved. Joining a node that is already a member
    /// changes nothing and returns 0.
    pub fn join(&mut self, node: NodeId) -> usize {
        if self.nodes.contains_key(&node) {
            return 0;
        }
        let members: Vec<NodeId> = self.members().into_iter().chain([node]).collect();
        let mut incoming = BTreeMap::new();
        for data in self.nodes.values_mut() {
            let (leaving, staying): (BTreeMap<_, _>, BTreeMap<_, _>) = std::mem::take(data)
                .into_iter()
                .partition(|(key, _)| owner_of(key, members.iter().copied()) == Some(node));
            *data = staying;
            incoming.extend(leaving);
        }
        let moved = incoming.len();
        self.nodes.insert(node, incoming);
        moved
    }

    /// Removes `node` and hands each key it held to that key's new owner. Returns how
    /// many keys were handed over. Returns `None`, changing nothing, when `node` is not
    /// a member, or when it is the last member: its keys would have nowhere to go.
    pub fn leave(&mut self, node: NodeId) -> Option<usize> {
        let data = self.nodes.remove(&node)?;
        let handed_over = data.len();
        // `put` routes by the new membership, so each key lands on its new owner.
        for (key, value) in data {
            self.put(key, value);
        }
        Some(handed_over)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    type Model = BTreeMap<String, String>;

    fn loaded(members: &[NodeId], keys: usize) -> (Cluster, Model) {
        let mut cluster = Cluster::new(members);
        let mut model = Model::new();
        for i in 0..keys {
            let (key, value) = (format!("item-{i}"), format!("value {i}"));
            cluster.put(key.clone(), value.clone());
            model.insert(key, value);
        }
        (cluster, model)
    }

    /// The members that store `key`.
    fn holders(cluster: &Cluster, key: &str) -> Vec<NodeId> {
        cluster
            .members()
            .into_iter()
            .filter(|&node| cluster.keys_on(node).contains(&key))
            .collect()
    }

    /// Every key readable with its value, stored exactly once, on its owner.
    fn assert_nothing_lost_or_doubled(cluster: &Cluster, model: &Model, when: &str) {
        for (key, value) in model {
            assert_eq!(
                cluster.get(key),
                Some(value.as_str()),
                "{when}: {key:?} cannot be read from its owner"
            );
            let owner = cluster.owner(key).unwrap();
            assert_eq!(
                holders(cluster, key),
                vec![owner],
                "{when}: {key:?} must be stored once, on its owner {owner}"
            );
        }
        let stored: usize = cluster
            .members()
            .iter()
            .map(|&n| cluster.keys_on(n).len())
            .sum();
        assert_eq!(
            stored,
            model.len(),
            "{when}: the nodes store {stored} keys, {} were written",
            model.len()
        );
    }

    #[test]
    fn every_key_is_readable_after_a_node_joins() {
        let (mut cluster, model) = loaded(&[1, 2, 3], 300);
        cluster.join(4);
        assert_eq!(cluster.members(), vec![1, 2, 3, 4]);
        assert_nothing_lost_or_doubled(&cluster, &model, "after node 4 joined");
    }

    #[test]
    fn a_joining_node_takes_exactly_the_keys_it_now_owns() {
        let (mut cluster, model) = loaded(&[1, 2, 3], 300);
        let before: BTreeMap<&String, Vec<NodeId>> = model
            .keys()
            .map(|key| (key, holders(&cluster, key)))
            .collect();
        let moved = cluster.join(4);
        let taken = cluster.keys_on(4).len();
        assert!(taken > 0, "node 4 should own some of 300 keys");
        assert_eq!(
            moved, taken,
            "join must report the {taken} keys it moved to node 4"
        );
        for (key, old_holders) in before {
            if cluster.owner(key) != Some(4) {
                assert_eq!(
                    holders(&cluster, key),
                    old_holders,
                    "{key:?} is not node 4's, so it must stay where it was"
                );
            }
        }
    }

    #[test]
    fn every_key_is_readable_after_a_node_leaves() {
        let (mut cluster, model) = loaded(&[1, 2, 3, 4], 300);
        cluster.leave(2);
        assert_eq!(cluster.members(), vec![1, 3, 4]);
        assert_nothing_lost_or_doubled(&cluster, &model, "after node 2 left");
    }

    #[test]
    fn a_leaving_node_hands_over_every_key_it_held() {
        let (mut cluster, model) = loaded(&[1, 2, 3, 4], 300);
        let held = cluster.keys_on(2).len();
        let kept: Vec<usize> = [1, 3, 4]
            .iter()
            .map(|&n| cluster.keys_on(n).len())
            .collect();
        assert_eq!(
            cluster.leave(2),
            Some(held),
            "leave reports the {held} keys node 2 handed over"
        );
        let now: Vec<usize> = [1, 3, 4]
            .iter()
            .map(|&n| cluster.keys_on(n).len())
            .collect();
        for ((node, before), after) in [1, 3, 4].iter().zip(&kept).zip(&now) {
            assert!(
                after >= before,
                "node {node} lost keys when node 2 left ({before} -> {after})"
            );
        }
        assert_eq!(
            now.iter().sum::<usize>(),
            model.len(),
            "node 2's keys all found a new home"
        );
    }

    #[test]
    fn the_last_node_cannot_leave() {
        let (mut cluster, model) = loaded(&[7], 50);
        assert_eq!(
            cluster.leave(7),
            None,
            "the only node has nobody to hand its keys to"
        );
        assert_eq!(cluster.members(), vec![7]);
        assert_nothing_lost_or_doubled(&cluster, &model, "after a refused leave");
    }

    #[test]
    fn leaving_an_unknown_node_changes_nothing() {
        let (mut cluster, model) = loaded(&[1, 2], 100);
        assert_eq!(cluster.leave(9), None, "node 9 is not a member");
        assert_eq!(cluster.members(), vec![1, 2]);
        assert_nothing_lost_or_doubled(&cluster, &model, "after leave(9)");
    }

    #[test]
    fn joining_twice_changes_nothing() {
        let (mut cluster, model) = loaded(&[1, 2, 3], 200);
        assert_eq!(
            cluster.join(2),
            0,
            "node 2 is already a member: nothing moves"
        );
        assert_nothing_lost_or_doubled(&cluster, &model, "after node 2 joined again");
    }

    #[test]
    fn a_sequence_of_joins_leaves_and_writes_loses_nothing() {
        let (mut cluster, mut model) = loaded(&[1, 2], 200);
        let steps: [(&str, NodeId); 8] = [
            ("join", 3),
            ("join", 4),
            ("leave", 1),
            ("join", 5),
            ("leave", 3),
            ("leave", 4),
            ("join", 1),
            ("leave", 2),
        ];
        for (round, (action, node)) in steps.into_iter().enumerate() {
            match action {
                "join" => {
                    cluster.join(node);
                }
                _ => {
                    cluster.leave(node);
                }
            }
            for i in 0..25 {
                let (key, value) = (format!("item-{}", round * 25 + i), format!("round {round}"));
                cluster.put(key.clone(), value.clone());
                model.insert(key, value);
            }
            assert_nothing_lost_or_doubled(&cluster, &model, &format!("after {action} {node}"));
        }
        assert_eq!(cluster.members(), vec![1, 5]);
    }
}
