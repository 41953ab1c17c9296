#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a small seeded random source, so every run makes the same changes.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next_u64() % n
        }
    }

    fn check_one_round(balancer: &mut Balancer, members: &[NodeId], step: usize) {
        let mut answered = Vec::new();
        for _ in 0..members.len() {
            let request = [step as i64, -1];
            let reply = balancer.handle(&request).expect("the balancer has nodes");
            assert_eq!(
                reply.maximum,
                Some(step as i64),
                "wrong answer at step {step}"
            );
            answered.push(reply.node);
        }
        answered.sort();
        let mut expected = members.to_vec();
        expected.sort();
        assert_eq!(
            answered, expected,
            "step {step}: one round should reach every current node exactly once"
        );
    }

    #[test]
    fn random_joins_and_leaves_keep_the_rotation_whole_fixed_seeds() {
        for seed in [1, 2, 3, 0xBEEF, 0x5EED] {
            let mut rng = Rng(seed);
            let mut balancer = Balancer::new();
            let mut members: Vec<NodeId> = Vec::new();
            let mut removed: Vec<NodeId> = Vec::new();
            let mut next_id = 100;
            for step in 0..400 {
                match rng.below(4) {
                    0 => {
                        balancer.add_node(Node::new(next_id));
                        members.push(next_id);
                        next_id += 1;
                    }
                    1 if !members.is_empty() => {
                        let id = members.remove(rng.below(members.len() as u64) as usize);
                        let node = balancer.remove_node(id).expect("the node was a member");
                        assert_eq!(node.id, id, "remove_node handed back the wrong node");
                        removed.push(id);
                    }
                    _ => {
                        let burst = rng.below(5);
                        for _ in 0..burst {
                            match balancer.handle(&[3, 9]) {
                                Ok(reply) => {
                                    assert!(
                                        members.contains(&reply.node),
                                        "step {step}: node {} is not a member",
                                        reply.node
                                    );
                                    assert!(
                                        !removed.contains(&reply.node),
                                        "removed node answered"
                                    );
                                    assert_eq!(reply.maximum, Some(9));
                                }
                                Err(NoNodes) => assert!(
                                    members.is_empty(),
                                    "step {step}: members exist but got NoNodes"
                                ),
                            }
                        }
                    }
                }
                assert_eq!(
                    balancer.node_ids(),
                    members,
                    "step {step}: membership differs"
                );
                if members.is_empty() {
                    assert_eq!(balancer.handle(&[1]), Err(NoNodes));
                } else {
                    check_one_round(&mut balancer, &members, step);
                }
            }
        }
    }

    #[test]
    fn removing_each_position_of_a_big_cluster_at_each_turn_never_panics() {
        for size in 1..=8 {
            for turn in 0..size {
                for victim in 0..size {
                    let mut balancer = Balancer::new();
                    for id in 0..size {
                        balancer.add_node(Node::new(id));
                    }
                    for _ in 0..turn {
                        balancer.handle(&[0]).unwrap();
                    }
                    assert!(balancer.remove_node(victim).is_some());
                    let members: Vec<NodeId> = (0..size).filter(|&id| id != victim).collect();
                    if members.is_empty() {
                        assert_eq!(balancer.handle(&[0]), Err(NoNodes));
                    } else {
                        check_one_round(&mut balancer, &members, turn);
                        check_one_round(&mut balancer, &members, turn);
                    }
                }
            }
        }
    }

    #[test]
    fn a_removal_keeps_every_other_node_s_turn_at_every_position_and_turn() {
        for size in 2..=7 {
            for turn in 0..2 * size {
                for victim in 0..size {
                    let ids: Vec<NodeId> = (0..size).map(|i| 10 + i).collect();
                    let mut balancer = Balancer::new();
                    for &id in &ids {
                        balancer.add_node(Node::new(id));
                    }
                    for _ in 0..turn {
                        balancer.handle(&[0]).unwrap();
                    }
                    let next = turn % size;
                    balancer.remove_node(ids[victim]).expect("a member");
                    let members: Vec<NodeId> = ids
                        .iter()
                        .copied()
                        .filter(|&id| id != ids[victim])
                        .collect();
                    // Whose turn it is now: the same node, or the one after the removed one.
                    let start = if next == victim {
                        victim % members.len()
                    } else {
                        members.iter().position(|&id| id == ids[next]).unwrap()
                    };
                    let expected: Vec<NodeId> = (0..2 * members.len())
                        .map(|k| members[(start + k) % members.len()])
                        .collect();
                    let order: Vec<NodeId> = (0..expected.len())
                        .map(|_| balancer.handle(&[0]).unwrap().node)
                        .collect();
                    assert_eq!(
                        order, expected,
                        "{size} nodes, {turn} requests served, node {} removed",
                        ids[victim]
                    );
                }
            }
        }
    }

    #[test]
    fn growing_from_one_to_twenty_nodes_every_new_node_serves_in_its_first_round() {
        let mut balancer = Balancer::new();
        for id in 0..20 {
            balancer.add_node(Node::new(id));
            let round: Vec<NodeId> = (0..=id)
                .map(|_| balancer.handle(&[1]).unwrap().node)
                .collect();
            assert!(
                round.contains(&id),
                "node {id} got nothing in its first round: {round:?}"
            );
        }
    }

    #[test]
    fn emptying_and_refilling_many_times_recovers_every_time() {
        let mut balancer = Balancer::new();
        for cycle in 0..50 {
            let ids: Vec<NodeId> = (0..(cycle % 4 + 1)).map(|i| cycle * 10 + i).collect();
            for &id in &ids {
                balancer.add_node(Node::new(id));
            }
            check_one_round(&mut balancer, &ids, cycle);
            for &id in ids.iter().rev() {
                assert!(balancer.remove_node(id).is_some());
            }
            assert_eq!(
                balancer.handle(&[1]),
                Err(NoNodes),
                "cycle {cycle}: all removed"
            );
            assert!(
                balancer.remove_node(ids[0]).is_none(),
                "cannot remove twice"
            );
        }
    }
}
