#[cfg(test)]
mod grading {
    use super::*;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
    }

    fn random_keys(seed: u64, count: usize) -> Vec<String> {
        let mut rng = Rng(seed);
        (0..count)
            .map(|_| format!("order-{:016x}", rng.next()))
            .collect()
    }

    fn owners(ring: &HashRing, keys: &[String]) -> Vec<NodeId> {
        keys.iter()
            .map(|key| ring.owner(key).expect("every key has an owner"))
            .collect()
    }

    fn moved(before: &[NodeId], after: &[NodeId]) -> usize {
        before.iter().zip(after).filter(|(b, a)| b != a).count()
    }

    #[test]
    fn growing_20_to_21_moves_little_and_only_to_the_newcomer() {
        let keys = random_keys(11, 20_000);
        let mut ring = HashRing::new(150);
        for node in 100..120 {
            ring.add_node(node);
        }
        let before = owners(&ring, &keys);
        ring.add_node(555);
        let after = owners(&ring, &keys);
        let count = moved(&before, &after);
        assert!(
            count * 100 <= keys.len() * 10,
            "20 -> 21 nodes moved {count} of 20000 keys (about 4.8% expected)"
        );
        assert!(count > 0, "the newcomer must take some keys");
        for (old, new) in before.iter().zip(&after) {
            assert!(old == new || *new == 555, "a key moved from {old} to {new}");
        }
    }

    #[test]
    fn shrinking_11_to_10_moves_only_the_leavers_keys() {
        let keys = random_keys(12, 10_000);
        let mut ring = HashRing::new(120);
        for node in 0..11 {
            ring.add_node(node * 7);
        }
        let before = owners(&ring, &keys);
        ring.remove_node(35);
        assert_eq!(ring.node_count(), 10);
        let after = owners(&ring, &keys);
        for (old, new) in before.iter().zip(&after) {
            if *old == 35 {
                assert_ne!(*new, 35, "a key still goes to the removed node");
            } else {
                assert_eq!(old, new, "a key of a staying node moved");
            }
        }
    }

    #[test]
    fn few_virtual_nodes_still_route_every_key_including_past_the_top() {
        // With one point per node, many keys hash above the highest point and must wrap.
        let keys = random_keys(13, 5_000);
        let mut ring = HashRing::new(1);
        for node in [4, 9, 2] {
            ring.add_node(node);
        }
        let mut seen = std::collections::BTreeSet::new();
        for key in &keys {
            let owner = ring.owner(key).expect("every key has an owner");
            assert!([4, 9, 2].contains(&owner), "owner {owner} is not a member");
            seen.insert(owner);
        }
        assert_eq!(seen.len(), 3, "with 5000 keys every node owns some");
    }

    #[test]
    fn adding_and_removing_a_node_restores_the_original_placement() {
        let keys = random_keys(14, 5_000);
        let mut ring = HashRing::new(64);
        for node in 0..6 {
            ring.add_node(node);
        }
        let before = owners(&ring, &keys);
        ring.add_node(99);
        ring.remove_node(99);
        assert_eq!(ring.node_count(), 6);
        assert_eq!(
            before,
            owners(&ring, &keys),
            "placement must depend only on membership"
        );
        ring.remove_node(42);
        assert_eq!(
            before,
            owners(&ring, &keys),
            "removing a non-member changes nothing"
        );
    }

    #[test]
    fn placement_is_the_same_whatever_order_nodes_join() {
        let keys = random_keys(15, 3_000);
        let mut forward = HashRing::new(50);
        let mut backward = HashRing::new(50);
        for node in 0..8 {
            forward.add_node(node);
            backward.add_node(7 - node);
        }
        assert_eq!(owners(&forward, &keys), owners(&backward, &keys));
    }

    #[test]
    fn growing_one_node_at_a_time_always_moves_a_small_share() {
        let keys = random_keys(16, 10_000);
        let mut ring = HashRing::new(100);
        ring.add_node(0);
        let mut before = owners(&ring, &keys);
        for node in 1..16u32 {
            ring.add_node(node);
            let after = owners(&ring, &keys);
            let count = moved(&before, &after);
            let fair = keys.len() / (node as usize + 1);
            assert!(
                count <= fair * 3 / 2,
                "growing to {} nodes moved {count} keys, about {fair} expected",
                node + 1
            );
            before = after;
        }
    }
}
